"""Reminders to bureaus that still owe items: 7 days and 1 day before the due date, and the day
after it. Each reminder has a key, so running the job twice on one day sends nothing twice."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from targets.periods import ensure_open_periods

from .chasing import send_reminder
from .selectors import rows_for

# days from the due date: reminder kind
SCHEDULE = {-7: "7-days-before", -1: "1-day-before", 1: "overdue"}


@override(settings.LANGUAGE_CODE)
def send_reminders(today: datetime.date) -> int:
    """Notify every bureau with unsubmitted items for a period due 7 days or 1 day from today,
    or due yesterday. Returns the number of notifications created."""
    sent = 0
    # Periods whose due date can be within a week of today: the open ones (the calendar's job).
    for period in ensure_open_periods(today):
        kind = SCHEDULE.get((today - period.due_date).days)
        if kind is None:
            continue
        owing = defaultdict(list)
        for row in rows_for(period):
            if not row.submitted:  # after the due date: late (R11.3)
                owing[row.bureau].append(row)
        for bureau, rows in owing.items():
            if kind == "overdue":
                title = _("Overdue: %(n)s items for %(period)s were due on %(due)s")
            else:
                title = _("Reminder: %(n)s items for %(period)s are due on %(due)s")
            reminder = send_reminder(
                period,
                bureau,
                rows,
                title=title % {"n": len(rows), "period": period, "due": period.due_date},
                key=f"reminder:{period}:{kind}",
            )
            sent += reminder.recipients if reminder else 0
    return sent
