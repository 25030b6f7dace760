"""Reading the audit log: the list the auditor filters, and the same rows for the Excel export."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from .models import AuditEvent


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_events(
    *,
    username: str = "",
    event: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events newest first; the dates are whole days in the portal's time zone, both included."""
    events = AuditEvent.objects.all()
    if username:
        events = events.filter(username__iexact=username.strip())
    if event:
        events = events.filter(event=event)
    if date_from:
        events = events.filter(at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(at__lt=_start_of(date_to + datetime.timedelta(days=1)))
    return events.order_by("-at", "-id")
