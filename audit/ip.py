"""The client's IP address behind a known number of reverse proxies.

Each proxy appends the address it received the request from to X-Forwarded-For, so only the last
TRUSTED_PROXY_COUNT entries were written by our proxies; anything left of them was sent by the
client and may be forged. With one proxy (the department's HTTPS proxy) the client is the last
entry. With TRUSTED_PROXY_COUNT = 0 the header is ignored and REMOTE_ADDR is the client.

django-axes uses this function (AXES_CLIENT_IP_CALLABLE), so the lockout and the audit log agree
on who the client is.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    hops = settings.TRUSTED_PROXY_COUNT
    if hops <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    # Our proxies wrote the last `hops` entries; the one the first proxy wrote is the client.
    if len(forwarded) < hops:
        return remote  # not through the proxy (a direct or health-check request)
    return _valid(forwarded[-hops]) or remote
