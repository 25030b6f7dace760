"""The audit log's hash chain (密评, GB/T 39786-2021): every event carries an HMAC-SM3 of its
content and of the previous event's MAC, so a changed, inserted or removed row breaks the chain
at that row, and nobody without the key can mend it.

The key is `AUDIT_HMAC_KEY` (docs/security.md); the retention purge leaves an anchor, itself
MAC'd, holding the MAC the first remaining event chains to.
"""

import datetime
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64  # what the first event ever written chains to
# pg_advisory_xact_lock key: one append at a time, held to the end of the writer's transaction.
APPEND_LOCK = 0x41554454  # "AUDT"
# The fields a MAC covers, in order; `id` is left out (it is known only after the insert) since
# the links already fix each event's place.
SEALED = (
    "at",
    "user_id",
    "username",
    "ip",
    "event",
    "object_type",
    "object_id",
    "object_repr",
    "outcome",
    "detail",
)

CHANGED = _("changed after it was written")
LINK = _("does not follow the event before it (an event was removed or inserted)")
ANCHOR = _("the purge anchor was changed")


@dataclass(frozen=True)
class Break:
    """The first broken link: the event where the chain stops holding, and why."""

    event_id: int | None
    reason: str


def mac(text: str) -> str:
    digest = hmac.HMAC(settings.AUDIT_HMAC_KEY.encode(), hashes.SM3())
    digest.update(text.encode())
    return digest.finalize().hex()


def plain_detail(detail: dict) -> dict:
    """The detail as the database gives it back (dates and decimals as text), so the MAC made at
    writing is the MAC computed again at reading."""
    return json.loads(json.dumps(detail or {}, cls=DjangoJSONEncoder))


def _text(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if value is None or isinstance(value, int | dict):
        return value
    return str(value)


def event_mac(values: dict, prev_mac: str) -> str:
    payload = [prev_mac, *(_text(values[name]) for name in SEALED)]
    return mac(json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def anchor_mac(prev_mac: str, purged_before: datetime.datetime) -> str:
    return mac(f"anchor|{prev_mac}|{_text(purged_before)}")


def serialise_appends() -> None:
    """Inside the caller's transaction: the next writer waits until this one commits, so two
    events never chain to the same predecessor. SQLite has one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK])


def head() -> str:
    """The MAC the next event chains to (call under serialise_appends)."""
    from .models import AuditChainAnchor, AuditEvent

    last = AuditEvent.objects.order_by("-id").values_list("mac", flat=True).first()
    if last is not None:
        return last
    anchor = AuditChainAnchor.objects.first()
    return anchor.prev_mac if anchor is not None else GENESIS


def verify() -> Break | None:
    """Walk the log in order; the first break, or None when every link holds."""
    from .models import AuditChainAnchor, AuditEvent

    expected = GENESIS
    anchor = AuditChainAnchor.objects.first()
    if anchor is not None:
        if anchor.mac != anchor_mac(anchor.prev_mac, anchor.purged_before):
            return Break(None, str(ANCHOR))
        expected = anchor.prev_mac
    rows = AuditEvent.objects.order_by("id").values("id", "mac", "prev_mac", *SEALED)
    for row in rows.iterator(chunk_size=2000):
        if row["prev_mac"] != expected:
            return Break(row["id"], str(LINK))
        if row["mac"] != event_mac(row, row["prev_mac"]):
            return Break(row["id"], str(CHANGED))
        expected = row["mac"]
    return None
