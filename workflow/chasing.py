"""催报: reminding bureaus of what they still owe, by the office (one bureau or every late one,
with a message) and by the daily job; every reminder is kept (R11.3, R11.4) and goes through
the notification channels (in-app, e-mail, work-notice webhook)."""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from bureaus.models import Bureau, User
from notifications.services import notify_bureau
from targets.models import Period

from .models import Reminder
from .selectors import Row, rows_for


def late_by_bureau(
    period: Period, today: datetime.date, rows: list[Row] | None = None
) -> dict[Bureau, list[Row]]:
    """R11.3: each late bureau and its late items, in the bureaus' order (from `rows`,
    rows_for(period), when the caller has read them already)."""
    late = defaultdict(list)
    for row in rows_for(period) if rows is None else rows:
        if row.late(today):
            late[row.bureau].append(row)
    return dict(sorted(late.items(), key=lambda pair: (pair[0].order, pair[0].pk)))


def send_reminder(
    period: Period,
    bureau: Bureau,
    rows: list[Row],
    *,
    title: str,
    message: str = "",
    user: User | None = None,
    key: str = "",
) -> Reminder | None:
    """Notify the bureau's staff of these owed items and keep the reminder, even when the
    bureau has nobody to notify (the office sees 0). A keyed (daily) reminder already sent
    is neither sent nor kept again: None."""
    body = "\n".join([message, *(f"· {row.subject}" for row in rows)]).strip()
    url = reverse("reporting:grid", args=[period, bureau.code])
    with transaction.atomic():
        sent = notify_bureau(bureau, title=title, body=body, url=url, key=key)
        if key and not sent:
            return None
        return Reminder.objects.create(
            period=period,
            bureau=bureau,
            sent_by=user,
            message=message,
            outstanding=len(rows),
            recipients=sent,
        )


@override(settings.LANGUAGE_CODE)
def remind_late(
    *,
    period: Period,
    user: User,
    message: str,
    today: datetime.date,
    bureau: Bureau | None = None,
) -> list[Reminder]:
    """The office's 催报: to one bureau, or (bureau=None) to every late one. A bureau with
    nothing late is not reminded."""
    late = late_by_bureau(period, today)
    if bureau is not None:
        late = {bureau: late[bureau]} if bureau in late else {}
    reminders = []
    for target, rows in late.items():
        title = _("Reminder from the office: %(n)s items for %(period)s are overdue") % {
            "n": len(rows),
            "period": period,
        }
        reminder = send_reminder(period, target, rows, title=title, message=message, user=user)
        if reminder is not None:
            reminders.append(reminder)
    return reminders


def reminders_for(period: Period) -> list[Reminder]:
    """The period's reminders, newest first, for the completeness page."""
    reminders = Reminder.objects.filter(period=period)
    return list(reminders.select_related("period", "bureau", "sent_by"))
