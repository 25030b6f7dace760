"""The annual assessment (考核) of every bureau and town, computed from the portal's own records.

Each criterion (AssessmentCriterion: editable weight, optional target) gives every bureau a
**rate** between 0 and 1, and the bureau earns `weight × rate` points for it:

    timeliness     items submitted by their due date ÷ items owed (figures and task reports of the
                   year's quarters whose due date has passed: workflow.selectors.rows_for)
    completeness   items submitted or approved ÷ items owed (same rows)
    task_progress  the average, over the key tasks the bureau leads or co-operates on, of the
                   percent complete in its latest submitted or approved report of the year
                   (no report: 0)
    indicators     over the indicators the bureau reports: 1 when the year's latest progress is
                   achieved or on track, ½ at risk, 0 off track or without data
    supervision    over the items it leads whose deadline in the year has passed (or that are
                   signed off): the share done on time (reported done by the deadline, signed off)
    activities     publicity events and trainings it organised in the year ÷ the criterion's
                   target, at most 1

A criterion with nothing to measure for a bureau (it owns no task, reports no indicator...) is
"not applicable" and earns its full weight: a bureau is not marked down for work it was not given.
The office's adjustments (with reason and author) are added to the sum. Each rate keeps the
records it was computed from, so every point on the page links to its source.

The computation reads in bulk: its query count depends on the number of quarters (at most four),
not on the number of bureaus or records.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureaus.models import Bureau, Role, User
from targets.models import Indicator, IndicatorKind, Period, Progress, ProgressStatus
from targets.periods import find_period
from tasks_registry.models import (
    Activity,
    SupervisionItem,
    TaskOwnership,
    TaskReport,
)
from workflow.models import SubmissionState
from workflow.selectors import rows_for
from workflow.services import WorkflowError

from .assessment_defaults import DEFAULTS
from .models import AssessmentAdjustment, AssessmentCriterion, CriterionCode

ONE = Decimal(1)
ZERO = Decimal(0)
POINTS = Decimal("0.01")
# The scorecard's colours: a rate at or above GREEN is green, at or above AMBER amber, else red.
GREEN = Decimal("0.90")
AMBER = Decimal("0.60")
# Indicator statuses to the credit they earn.
INDICATOR_CREDIT = {
    ProgressStatus.ACHIEVED: ONE,
    ProgressStatus.ON_TRACK: ONE,
    ProgressStatus.AT_RISK: Decimal("0.5"),
    ProgressStatus.LARGELY: Decimal("0.5"),
}

OFFICE_ONLY = gettext_lazy("Only the leading-group office can do this.")
REASON_REQUIRED = gettext_lazy("Please give the reason for the adjustment.")
ZERO_POINTS = gettext_lazy("An adjustment of zero points changes nothing.")


@dataclass
class Record:
    """One record a rate was computed from, with what it earned (0 to 1)."""

    label: str
    url: str
    verdict: str
    credit: Decimal


@dataclass
class CriterionScore:
    criterion: AssessmentCriterion
    records: list[Record] = field(default_factory=list)
    rate: Decimal | None = None  # None: not applicable (full points)
    target: Decimal | None = None  # activities only: the count that earns full points

    @property
    def applicable(self) -> bool:
        return self.rate is not None

    @property
    def points(self) -> Decimal:
        rate = ONE if self.rate is None else self.rate
        return (self.criterion.weight * rate).quantize(POINTS, rounding=ROUND_HALF_UP)

    @property
    def percent(self) -> Decimal | None:
        if self.rate is None:
            return None
        return (self.rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def earned(self) -> Decimal:
        return sum((r.credit for r in self.records), ZERO)

    @property
    def colour(self) -> str:
        if self.rate is None:
            return "secondary"
        if self.rate >= GREEN:
            return "success"
        if self.rate >= AMBER:
            return "warning"
        return "danger"


@dataclass
class BureauAssessment:
    bureau: Bureau
    scores: list[CriterionScore]
    adjustments: list[AssessmentAdjustment]
    rank: int = 0

    @property
    def subtotal(self) -> Decimal:
        return sum((s.points for s in self.scores), ZERO)

    @property
    def adjustment_total(self) -> Decimal:
        return sum((a.points for a in self.adjustments), ZERO)

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.adjustment_total

    def score(self, code: str) -> CriterionScore | None:
        return next((s for s in self.scores if s.criterion.code == code), None)


@dataclass
class Assessment:
    year: int
    as_of: datetime.date
    criteria: list[AssessmentCriterion]
    lines: list[BureauAssessment]
    periods: list[Period]

    @property
    def max_points(self) -> Decimal:
        return sum((c.weight for c in self.criteria), ZERO)

    def line(self, bureau_id: int) -> BureauAssessment | None:
        return next((line for line in self.lines if line.bureau.pk == bureau_id), None)


def criteria() -> list[AssessmentCriterion]:
    """The criteria in force; the defaults again if the table was emptied (a flushed test DB)."""
    rows = list(AssessmentCriterion.objects.order_by("order", "id"))
    if rows:
        return rows
    for order, (code, name, weight, target, description) in enumerate(DEFAULTS, start=1):
        AssessmentCriterion.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "weight": Decimal(weight),
                "target": Decimal(target) if target else None,
                "description": description,
                "order": order,
            },
        )
    return list(AssessmentCriterion.objects.order_by("order", "id"))


def due_periods(year: int, as_of: datetime.date) -> list[Period]:
    """The year's quarters whose reports were due before `as_of`."""
    periods = []
    for quarter in (1, 2, 3, 4):
        if Period(year=year, quarter=quarter).end_date >= as_of:
            break
        period = find_period(year, quarter)  # a read: a period never opened owes nothing
        if period is not None and period.due_date < as_of:
            periods.append(period)
    return periods


def _rate(records: list[Record]) -> Decimal | None:
    if not records:
        return None
    return sum((r.credit for r in records), ZERO) / len(records)


# One function per criterion code: bureau id -> records (and, for activities, a rate rule).


def _submission_records(periods: list[Period], as_of: datetime.date):
    """Timeliness and completeness records from the reporting workflow's owed rows."""
    timeliness, completeness = defaultdict(list), defaultdict(list)
    for period in periods:
        for row in rows_for(period):
            subject = getattr(row.subject, "code", None) or row.subject.number
            label = f"{period} {row.kind.label} {subject}"
            on_time = row.on_time()
            if on_time:
                verdict = _("Submitted on time")
            elif row.submitted:
                verdict = _("Submitted late")
            else:
                verdict = _("Not submitted")
            timeliness[row.bureau.pk].append(
                Record(label, row.url, verdict, ONE if on_time else ZERO)
            )
            completeness[row.bureau.pk].append(
                Record(label, row.url, verdict, ONE if row.submitted else ZERO)
            )
    return timeliness, completeness


def _task_records(year: int):
    out = defaultdict(list)
    latest = {}
    reports = (
        TaskReport.objects.filter(
            period__year=year,
            state__in=(SubmissionState.SUBMITTED, SubmissionState.APPROVED),
        )
        .select_related("period", "task", "bureau")
        .order_by("period__quarter")
    )
    for report in reports:
        latest[report.task_id, report.bureau_id] = report  # later quarters replace earlier
    ownerships = TaskOwnership.objects.select_related("task").order_by("task__number")
    for ownership in ownerships:
        report = latest.get((ownership.task_id, ownership.bureau_id))
        label = f"{ownership.task.number}. {ownership.task.title}"
        if report is None:
            url = reverse("tasks_registry:task-detail", args=[ownership.task.number])
            out[ownership.bureau_id].append(Record(label, url, _("No report this year"), ZERO))
        else:
            verdict = _("%(percent)s%% complete (%(period)s)") % {
                "percent": report.percent_complete,
                "period": report.period,
            }
            credit = Decimal(report.percent_complete) / 100
            out[ownership.bureau_id].append(
                Record(label, report.get_absolute_url(), verdict, credit)
            )
    return out


def _indicator_records(year: int):
    out = defaultdict(list)
    indicators = Indicator.objects.filter(
        reporting_bureau__isnull=False, is_auxiliary=False
    ).order_by("order", "id")
    latest = {}
    # R2.1: the official rows only (a running quarter's are provisional).
    rows = Progress.objects.filter(period__year=year, provisional=False).select_related("period")
    for row in rows:
        current = latest.get(row.indicator_id)
        if current is None or current.period.quarter < row.period.quarter:
            latest[row.indicator_id] = row
    for indicator in indicators:
        progress = latest.get(indicator.pk)
        status = progress.status if progress else ProgressStatus.NO_DATA
        pending = status in (ProgressStatus.NO_DATA, ProgressStatus.PENDING)
        if indicator.kind == IndicatorKind.QUALITATIVE and pending:
            continue  # R3.6: not assessed yet is not an item, and never a failure
        out[indicator.reporting_bureau_id].append(
            Record(
                f"{indicator.code} {indicator.name}",
                reverse("reports:indicator", args=[indicator.code]),
                str(ProgressStatus(status).label),
                INDICATOR_CREDIT.get(status, ZERO),
            )
        )
    return out


def _supervision_records(year: int, as_of: datetime.date):
    out = defaultdict(list)
    items = SupervisionItem.objects.filter(deadline__year=year).filter(
        Q(deadline__lt=as_of) | Q(signed_off_at__isnull=False)
    )
    for item in items.order_by("deadline", "id"):
        if item.done_on_time():
            verdict, credit = _("Done on time"), ONE
        elif item.is_signed_off:
            verdict, credit = _("Done late"), ZERO
        else:
            verdict, credit = _("Not done by the deadline"), ZERO
        label = f"{item.deadline:%Y-%m-%d} {item.title}"
        out[item.lead_bureau_id].append(Record(label, item.get_absolute_url(), verdict, credit))
    return out


def _activity_records(year: int):
    out = defaultdict(list)
    for activity in Activity.objects.filter(date__year=year).order_by("date", "id"):
        label = f"{activity.date:%Y-%m-%d} {activity.title}"
        verdict = activity.get_kind_display()
        out[activity.bureau_id].append(Record(label, activity.get_absolute_url(), verdict, ONE))
    return out


def assess(year: int, as_of: datetime.date | None = None) -> Assessment:
    """Every member bureau's and town's score for the year, ranked (best first)."""
    as_of = as_of or timezone.localdate()
    rules = criteria()
    periods = due_periods(year, as_of)
    codes = {c.code for c in rules}
    records: dict[str, dict] = {}
    if codes & {CriterionCode.TIMELINESS, CriterionCode.COMPLETENESS}:
        timeliness, completeness = _submission_records(periods, as_of)
        records[CriterionCode.TIMELINESS] = timeliness
        records[CriterionCode.COMPLETENESS] = completeness
    if CriterionCode.TASK_PROGRESS in codes:
        records[CriterionCode.TASK_PROGRESS] = _task_records(year)
    if CriterionCode.INDICATORS in codes:
        records[CriterionCode.INDICATORS] = _indicator_records(year)
    if CriterionCode.SUPERVISION in codes:
        records[CriterionCode.SUPERVISION] = _supervision_records(year, as_of)
    if CriterionCode.ACTIVITIES in codes:
        records[CriterionCode.ACTIVITIES] = _activity_records(year)

    adjustments = defaultdict(list)
    for adjustment in AssessmentAdjustment.objects.filter(year=year).select_related("author"):
        adjustments[adjustment.bureau_id].append(adjustment)

    lines = []
    for bureau in Bureau.objects.members().order_by("order", "id"):
        scores = []
        for rule in rules:
            mine = records.get(rule.code, {}).get(bureau.pk, [])
            score = CriterionScore(rule, mine)
            if rule.code == CriterionCode.ACTIVITIES:
                target = rule.target if rule.target and rule.target > 0 else ONE
                score.target = target
                score.rate = min(Decimal(len(mine)) / target, ONE)
            else:
                score.rate = _rate(mine)
            scores.append(score)
        lines.append(BureauAssessment(bureau, scores, adjustments.get(bureau.pk, [])))
    _rank(lines)
    return Assessment(year, as_of, rules, lines, periods)


def _rank(lines: list[BureauAssessment]) -> None:
    """Best total first; equal totals share a rank (1, 2, 2, 4), listed in bureau order."""
    lines.sort(key=lambda line: (-line.total, line.bureau.order, line.bureau.pk))
    previous, rank = None, 0
    for index, line in enumerate(lines, start=1):
        if line.total != previous:
            rank, previous = index, line.total
        line.rank = rank


@transaction.atomic
def adjustment_add(
    *, year: int, bureau: Bureau, points: Decimal, reason: str, user: User
) -> AssessmentAdjustment:
    """The office's documented adjustment of a bureau's score."""
    if not (user.is_active and user.role == Role.OFFICE):
        raise WorkflowError(OFFICE_ONLY, code="forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(REASON_REQUIRED, errors={"reason": [REASON_REQUIRED]})
    if not points:
        raise WorkflowError(ZERO_POINTS, errors={"points": [ZERO_POINTS]})
    return AssessmentAdjustment.objects.create(
        year=year, bureau=bureau, points=points, reason=reason, author=user
    )
