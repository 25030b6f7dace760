"""Reminders on supervision items, sent daily: 3 days and 1 day before the deadline, the day after
it, and a progress reminder when an item's reporting frequency (weekly, monthly, quarterly) has
come round without an update. Every reminder has a key, so a second run on one day sends nothing.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.services import notify_bureau

from .models import ReportingFrequency, SupervisionItem, SupervisionStatus

# days from the deadline: reminder kind
SCHEDULE = {-3: "3-days-before", -1: "1-day-before", 1: "overdue"}


def _progress_slot(frequency: str, today: datetime.date) -> str | None:
    """The reporting slot an update is owed for today ("2026-W48", "2026-11", "2026Q4")."""
    if frequency == ReportingFrequency.WEEKLY and today.isoweekday() == 1:
        year, week, _day = today.isocalendar()
        return f"{year}-W{week:02d}"
    if frequency == ReportingFrequency.MONTHLY and today.day == 1:
        return f"{today:%Y-%m}"
    if frequency == ReportingFrequency.QUARTERLY and today.day == 1 and today.month % 3 == 1:
        return f"{today.year}Q{(today.month - 1) // 3 + 1}"
    return None


def _slot_days(frequency: str) -> int:
    return {ReportingFrequency.WEEKLY: 7, ReportingFrequency.MONTHLY: 28}.get(frequency, 90)


@override(settings.LANGUAGE_CODE)
def send_supervision_reminders(today: datetime.date) -> int:
    """Notify the owning bureaus; returns the number of notifications created."""
    sent = 0
    items = (
        SupervisionItem.objects.exclude(status=SupervisionStatus.DONE)
        .select_related("lead_bureau")
        .prefetch_related("cooperating_bureaus", "updates")
    )
    for item in items:
        owners = [item.lead_bureau, *item.cooperating_bureaus.all()]
        kind = SCHEDULE.get((today - item.deadline).days)
        if kind == "overdue":
            title = _("Overdue supervision item: %(title)s (deadline %(deadline)s)")
        elif kind:
            title = _("Supervision item due on %(deadline)s: %(title)s")
        messages = []
        if kind:
            messages.append((title, f"supervision:{item.pk}:{kind}"))
        slot = _progress_slot(item.frequency, today)
        if slot and timezone.localdate(item.created_at) < today:
            since = today - datetime.timedelta(days=_slot_days(item.frequency))
            if not any(timezone.localdate(u.created_at) >= since for u in item.updates.all()):
                title = _("Progress report due on the supervision item: %(title)s")
                messages.append((title, f"supervision:{item.pk}:progress:{slot}"))
        for title, key in messages:
            text = title % {"title": item.title, "deadline": f"{item.deadline:%Y-%m-%d}"}
            for bureau in owners:
                sent += notify_bureau(
                    bureau, title=text[:200], url=item.get_absolute_url(), key=key
                )
    return sent
