"""Circulars (通报): a period's progress of bureaus and towns, drafted from the data; the office
edits the text and publishes it to every bureau."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from audit.models import Event
from audit.services import record
from bureaus.models import Role, User
from core.provenance import PENDING_LABEL
from notifications.services import notify
from targets.models import Period
from tasks_registry.models import Activity, ActivityKind, SupervisionItem, TaskReport
from tasks_registry.supervision_selectors import overdue_supervision_items
from workflow.models import SubmissionState
from workflow.selectors import rows_for
from workflow.services import WorkflowError

from .assessment import assess
from .models import Circular, CircularState

OFFICE_ONLY = gettext_lazy("Only the leading-group office can do this.")
PUBLISHED = gettext_lazy("This circular is published and can no longer be edited.")
EMPTY = gettext_lazy("A circular needs a title and a text.")

RANKING_SIZE = 10


def _require_office(user: User) -> None:
    if not (user.is_active and user.role == Role.OFFICE):
        raise WorkflowError(OFFICE_ONLY, code="forbidden")


def submission_summary(period: Period, today: datetime.date) -> dict[str, list]:
    """Bureaus whose items for the period are all on time, some late, or some missing."""
    by_bureau: dict[int, dict] = {}
    for row in rows_for(period):
        line = by_bureau.setdefault(
            row.bureau.pk, {"bureau": row.bureau, "late": 0, "missing": 0, "owed": 0}
        )
        line["owed"] += 1
        if not row.submitted:
            line["missing"] += 1
        elif not row.on_time():
            line["late"] += 1
    lines = sorted(by_bureau.values(), key=lambda x: (x["bureau"].order, x["bureau"].pk))
    due = today > period.due_date
    return {
        "on_time": [x["bureau"] for x in lines if not x["late"] and not x["missing"]],
        "late": [x["bureau"] for x in lines if x["late"] and not x["missing"]],
        "missing": [x for x in lines if x["missing"]] if due else [],
        "pending": [x for x in lines if x["missing"]] if not due else [],
    }


QUARTERS_IN_WORDS = {
    1: gettext_lazy("first quarter"),
    2: gettext_lazy("second quarter"),
    3: gettext_lazy("third quarter"),
    4: gettext_lazy("fourth quarter"),
}


def period_in_words(period: Period) -> str:
    """2026Q3 as a circular names it: 2026年第三季度."""
    return _("%(quarter)s of %(year)s") % {
        "year": period.year,
        "quarter": QUARTERS_IN_WORDS[period.quarter],
    }


def ranking_date(period: Period, today: datetime.date) -> datetime.date:
    """A circular for a period ranks as of the period's end (or today, while it runs)."""
    return min(today, period.end_date)


def draft_text(period: Period, today: datetime.date) -> str:
    """The circular's first draft, in the portal's language, from the records."""
    summary = submission_summary(period, today)
    names = "、".join
    lines = [
        _("1. Submissions for %(period)s (due %(due)s)")
        % {
            "period": period,
            "due": f"{period.due_date:%Y-%m-%d}",
        }
    ]
    lines.append(
        _("On time: %(names)s.") % {"names": names(b.name for b in summary["on_time"]) or "—"}
    )
    lines.append(_("Late: %(names)s.") % {"names": names(b.name for b in summary["late"]) or "—"})
    missing = summary["missing"] or summary["pending"]
    label = _("Missing") if summary["missing"] else _("Not yet submitted")
    lines.append(
        _("%(label)s: %(names)s.")
        % {
            "label": label,
            "names": names(f"{x['bureau'].name}（{x['missing']}）" for x in missing) or "—",
        }
    )

    as_of = ranking_date(period, today)
    assessment = assess(period.year, as_of=as_of)
    lines += ["", _("2. Assessment ranking as of %(date)s") % {"date": f"{as_of:%Y-%m-%d}"}]
    if assessment.categories_await_confirmation:
        lines.append(_("Categories of the ranking: %(label)s") % {"label": PENDING_LABEL})
    for name, _category, group in assessment.groups:
        ranked = [line for line in group if line.rank is not None][:RANKING_SIZE]
        unranked = [line for line in group if line.rank is None]
        lines.append(f"{name}：")
        for line in ranked:
            lines.append(
                _("%(rank)s. %(bureau)s, %(points)s points")
                % {"rank": line.rank, "bureau": line.bureau.name, "points": line.total}
            )
        if unranked:
            lines.append(
                _("Not ranked (nothing to assess): %(names)s.")
                % {"names": names(line.bureau.name for line in unranked)}
            )

    lines += ["", _("3. Notable work")]
    activities = Activity.objects.filter(date__range=(period.start_date, period.end_date))
    activities = activities.select_related("bureau").order_by("date", "id")
    for activity in activities:
        extra = ""
        if activity.kind == ActivityKind.TRAINING:
            extra = _(", %(n)s person-times") % {"n": activity.person_times}
        lines.append(f"- {activity.bureau.name}：{activity.title}（{activity.date:%m-%d}{extra}）")
    signed = SupervisionItem.objects.filter(
        signed_off_at__date__range=(period.start_date, period.end_date)
    ).select_related("lead_bureau")
    for item in signed:
        lines.append(
            _("- %(bureau)s completed the supervision item “%(title)s”.")
            % {"bureau": item.lead_bureau.name, "title": item.title}
        )
    if not activities and not signed:
        lines.append("—")

    lines += ["", _("4. Open problems")]
    for item in overdue_supervision_items(today):
        lines.append(
            _("- Overdue supervision item: %(title)s (%(bureau)s, deadline %(deadline)s)")
            % {
                "title": item.title,
                "bureau": item.lead_bureau.name,
                "deadline": f"{item.deadline:%Y-%m-%d}",
            }
        )
    reports = (
        TaskReport.objects.filter(period=period)
        .exclude(problems="")
        .filter(Q(state=SubmissionState.SUBMITTED) | Q(state=SubmissionState.APPROVED))
        .select_related("task", "bureau")
    )
    for report in reports:
        lines.append(
            _("- %(bureau)s on task %(task)s: %(problems)s")
            % {
                "bureau": report.bureau.name,
                "task": report.task.number,
                "problems": report.problems,
            }
        )
    return "\n".join(lines)


@transaction.atomic
def circular_draft(*, period: Period, user: User, today: datetime.date | None = None) -> Circular:
    """A new draft circular for the period, its text drafted from the data."""
    _require_office(user)
    today = today or timezone.localdate()
    with override(settings.LANGUAGE_CODE):
        title = _("Circular on the progress of bureaus and towns, %(period)s") % {
            "period": period_in_words(period)
        }
        body = draft_text(period, today)
    draft = Circular(period=period, title=title, body=body, created_by=user)
    draft._history_user = user
    draft.save()
    record(Event.CIRCULAR_DRAFT, user=user, obj=draft, detail={"period": str(period)})
    return draft


@transaction.atomic
def circular_edit(*, circular: Circular, user: User, title: str, body: str) -> Circular:
    _require_office(user)
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    if circular.is_published:
        raise WorkflowError(PUBLISHED, code="locked")
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise WorkflowError(EMPTY)
    if (title, body) == (circular.title, circular.body):
        return circular  # nothing changed: no history row, no event
    old = {"title": circular.title, "body": circular.body}
    circular.title, circular.body = title, body
    circular._history_user = user
    circular.save(update_fields=["title", "body", "updated_at"])
    record(
        Event.CIRCULAR_EDIT,
        user=user,
        obj=circular,
        detail={"old": old, "new": {"title": title, "body": body}},
    )
    return circular


@transaction.atomic
def circular_publish(*, circular: Circular, user: User) -> Circular:
    """Published: every bureau can read it, and every bureau's staff are notified."""
    _require_office(user)
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    if circular.is_published:
        raise WorkflowError(PUBLISHED, code="locked")
    circular.state = CircularState.PUBLISHED
    circular.published_at = timezone.now()
    circular.published_by = user
    circular._history_user = user
    circular.save(update_fields=["state", "published_at", "published_by"])
    record(
        Event.CIRCULAR_PUBLISH,
        user=user,
        obj=circular,
        detail={"title": circular.title, "body": circular.body},
    )
    staff = User.objects.filter(role=Role.STAFF, is_active=True)
    notify(staff, title=circular.title, url=circular.get_absolute_url())
    return circular
