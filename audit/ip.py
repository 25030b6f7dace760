"""The client's IP address, believing X-Forwarded-For only from our own reverse proxies.

A proxy appends the address it received the request from to X-Forwarded-For, so an entry is only
as trustworthy as the hop that wrote it. Starting from the socket address (REMOTE_ADDR) and walking
the header right to left, each address that is one of TRUSTED_PROXIES vouches for the entry left
of it; the first address that is not a trusted proxy is the client. With TRUSTED_PROXIES empty
(the default) the header is ignored and REMOTE_ADDR is the client, so nobody reaching gunicorn
directly can choose the address the lockout and the audit log see. A malformed entry ends the
walk at the last address we could trust.

django-axes uses this function (AXES_CLIENT_IP_CALLABLE), so the lockout and the audit log agree
on who the client is.
"""

import ipaddress
from functools import cache

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


@cache
def _networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def _is_trusted_proxy(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str | None:
    address = _valid(request.META.get("REMOTE_ADDR", "") or "")
    if address is None or not settings.TRUSTED_PROXIES:
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    while _is_trusted_proxy(address) and forwarded:
        written_by_proxy = _valid(forwarded.pop())
        if written_by_proxy is None:
            break
        address = written_by_proxy
    return address
