"""The annual assessment (考核) of every bureau and town, as of a date (docs/rules.md R6).

Each criterion (AssessmentCriterion: editable weight, optional target) gives a unit a **rate**
between 0 and 1 over the records it applies to, worth `weight × rate` points:

    timeliness     owed items (figures and task reports of the year's quarters due by the as-of
                   date: workflow.selectors.rows_for) approved and submitted by their due date
    completeness   owed items approved
    task_progress  per task held and quarter due, that quarter's approved percent complete; a
                   later quarter never replaces an earlier one, and a fall is flagged
    indicators     the indicators it reports, by their progress at the latest due quarter:
                   1 achieved or on track, ½ at risk, 0 otherwise
    supervision    the items it leads, due in the year by the as-of date: done on time
    activities     activities dated in the year up to the as-of date, with evidence or confirmed
                   by the office, ÷ the criterion's target (at most 1)

A criterion with no record for a unit does not apply to it and is left out: the total is the
points earned ÷ the weights that apply × the full score. Activities apply only to a unit with
something else to assess; a unit with nothing else is listed as not ranked. Units are ranked
within their category (reports/assessment_categories.py). Only what stood by the end of the
as-of day counts, so the same date gives the same result. Office adjustments are added last.

The computation reads in bulk: its query count depends on the number of quarters (at most
four), not on the number of bureaus or records.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureaus.models import Bureau, Role, User
from targets.models import (
    OVERALL_AREA,
    Indicator,
    IndicatorKind,
    Period,
    Progress,
    ProgressStatus,
)
from targets.periods import find_period
from tasks_registry.models import Activity, ActivityKind, SupervisionItem, TaskReport
from workflow.models import SubmissionState
from workflow.selectors import Row, rows_for, standings_at
from workflow.services import WorkflowError

from .assessment_categories import categories, category_of
from .assessment_defaults import DEFAULTS
from .models import AssessmentAdjustment, AssessmentCategory, AssessmentCriterion, CriterionCode

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
NOT_RANKED = gettext_lazy("Not ranked")


@dataclass
class Record:
    """One record a rate was computed from, with what it earned (0 to 1)."""

    label: str
    url: str
    verdict: str
    credit: Decimal
    flagged: bool = False  # e.g. reported progress fell since the quarter before


@dataclass
class CriterionScore:
    criterion: AssessmentCriterion
    records: list[Record] = field(default_factory=list)
    rate: Decimal | None = None  # None: does not apply, left out of the total
    target: Decimal | None = None  # activities only: the count that earns full points

    @property
    def applicable(self) -> bool:
        return self.rate is not None

    @property
    def points(self) -> Decimal | None:
        if self.rate is None:
            return None
        return (self.criterion.weight * self.rate).quantize(POINTS, rounding=ROUND_HALF_UP)

    @property
    def percent(self) -> Decimal | None:
        if self.rate is None:
            return None
        return (self.rate * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def earned(self) -> Decimal:
        return sum((r.credit for r in self.records), ZERO)

    @property
    def flags(self) -> list[Record]:
        return [r for r in self.records if r.flagged]

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
    max_points: Decimal
    category: AssessmentCategory | None = None
    rank: int | None = None  # None: not ranked

    @property
    def assessed(self) -> bool:
        """Something to assess besides activities: a unit with no obligation is not ranked."""
        return any(
            s.applicable for s in self.scores if s.criterion.code != CriterionCode.ACTIVITIES
        )

    @property
    def applicable_weight(self) -> Decimal:
        return sum((s.criterion.weight for s in self.scores if s.applicable), ZERO)

    @property
    def subtotal(self) -> Decimal:
        """Points earned on the criteria that apply, before scaling."""
        return sum((s.points for s in self.scores if s.applicable), ZERO)

    @property
    def scaled(self) -> Decimal | None:
        """The subtotal scaled from the applicable weights to the full score."""
        if not self.assessed or not self.applicable_weight:
            return None
        scaled = self.subtotal * self.max_points / self.applicable_weight
        return scaled.quantize(POINTS, rounding=ROUND_HALF_UP)

    @property
    def adjustment_total(self) -> Decimal:
        return sum((a.points for a in self.adjustments), ZERO)

    @property
    def total(self) -> Decimal | None:
        if self.scaled is None:
            return None
        return self.scaled + self.adjustment_total

    @property
    def category_name(self) -> str:
        return self.category.name if self.category else _("Other units")

    def score(self, code: str) -> CriterionScore | None:
        return next((s for s in self.scores if s.criterion.code == code), None)


@dataclass
class Assessment:
    year: int
    as_of: datetime.date
    criteria: list[AssessmentCriterion]
    lines: list[BureauAssessment]  # category by category, ranked lines first
    periods: list[Period]

    @property
    def max_points(self) -> Decimal:
        return sum((c.weight for c in self.criteria), ZERO)

    @property
    def weights_await_confirmation(self) -> bool:
        """Some weight is still the portal's default (R4.3)."""
        return any(c.awaits_confirmation for c in self.criteria)

    @property
    def groups(self) -> list[tuple[str, AssessmentCategory | None, list[BureauAssessment]]]:
        """(category name, the category, its lines) in category order."""
        out: dict[str, tuple[AssessmentCategory | None, list[BureauAssessment]]] = {}
        for line in self.lines:
            out.setdefault(line.category_name, (line.category, []))[1].append(line)
        return [(name, category, lines) for name, (category, lines) in out.items()]

    @property
    def categories_await_confirmation(self) -> bool:
        """Some category the ranking shows is still the portal's default (R4.3, R6.4)."""
        return any(c is not None and c.awaits_confirmation for _name, c, _lines in self.groups)

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
    """The year's quarters that have ended and whose reports were due before `as_of`."""
    periods = []
    for quarter in (1, 2, 3, 4):
        if Period(year=year, quarter=quarter).end_date >= as_of:
            break
        period = find_period(year, quarter)  # a read: a period never opened owes nothing
        if period is not None and period.due_date < as_of:
            periods.append(period)
    return periods


def cutoff_of(as_of: datetime.date) -> datetime.datetime:
    """The end of the as-of day in the district's time: what happened before it counts."""
    midnight = datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(midnight)


def _rate(records: list[Record]) -> Decimal | None:
    if not records:
        return None
    return sum((r.credit for r in records), ZERO) / len(records)


# One function per criterion code: bureau id -> records.


def _owed_rows(periods: list[Period]) -> list[Row]:
    return [row for period in periods for row in rows_for(period)]


def _submission_records(rows: list[Row], standings: dict):
    """Timeliness and completeness: an owed item counts once approved, on time when its last
    submission by then was on or before the due date."""
    timeliness, completeness = defaultdict(list), defaultdict(list)
    for row in rows:
        standing = standings.get((type(row.item), row.item.pk)) if row.item else None
        approved = bool(standing and standing.approved)
        on_time = bool(
            approved
            and standing.submitted_at
            and timezone.localdate(standing.submitted_at) <= row.period.due_date
        )
        if on_time:
            verdict = _("Approved, submitted on time")
        elif approved:
            verdict = _("Approved, submitted late")
        elif standing and standing.state == SubmissionState.SUBMITTED:
            verdict = _("Submitted, not yet approved")
        else:
            verdict = _("Not submitted")
        subject = getattr(row.subject, "code", None) or row.subject.number
        label = f"{row.period} {row.kind.label} {subject}"
        timeliness[row.bureau.pk].append(Record(label, row.url, verdict, ONE if on_time else ZERO))
        completeness[row.bureau.pk].append(
            Record(label, row.url, verdict, ONE if approved else ZERO)
        )
    return timeliness, completeness


def _task_records(rows: list[Row], standings: dict):
    """Per task held and quarter due, that quarter's approved percent (no approved report: 0);
    a fall from the quarter before is flagged."""
    out = defaultdict(list)
    previous: dict[tuple[int, int], int] = {}
    task_rows = [row for row in rows if row.kind.model is TaskReport]
    task_rows.sort(key=lambda r: (r.subject.number, r.bureau.order, r.period.quarter))
    for row in task_rows:
        label = f"{row.period} {row.subject.number}. {row.subject.title}"
        standing = standings.get((TaskReport, row.item.pk)) if row.item else None
        if not (standing and standing.approved):
            out[row.bureau.pk].append(Record(label, row.url, _("No approved report"), ZERO))
            continue
        percent = row.item.percent_complete
        key = (row.subject.pk, row.bureau.pk)
        fell = key in previous and percent < previous[key]
        verdict = _("%(percent)s%% complete") % {"percent": percent}
        if fell:
            verdict += " · " + _("fell from %(before)s%%") % {"before": previous[key]}
        previous[key] = percent
        credit = Decimal(percent) / 100
        out[row.bureau.pk].append(Record(label, row.url, verdict, credit, flagged=fell))
    return out


def _indicator_records(periods: list[Period]):
    """The indicators a unit reports, by their progress at the latest due quarter. A
    qualitative one the office has not yet assessed is left out, not failed."""
    out = defaultdict(list)
    if not periods:
        return out
    # R3.7: the overall goals judge the whole programme, not one unit's work.
    indicators = (
        Indicator.objects.filter(reporting_bureau__isnull=False, is_auxiliary=False)
        .exclude(area__number=OVERALL_AREA)
        .order_by("order", "id")
    )
    latest = {}
    # R2.1: the official rows of the due quarters only (a running quarter's are provisional).
    rows = Progress.objects.filter(period__in=periods, provisional=False).select_related("period")
    for row in rows.order_by("period__quarter"):
        latest[row.indicator_id] = row
    for indicator in indicators:
        progress = latest.get(indicator.pk)
        status = progress.status if progress else ProgressStatus.NO_DATA
        pending = status in (ProgressStatus.NO_DATA, ProgressStatus.PENDING)
        if indicator.kind == IndicatorKind.QUALITATIVE and pending:
            continue  # R3.6: not assessed yet is not an item, and never a failure
        if status == ProgressStatus.NOT_SET:
            continue  # R3.4: 3.1 before the office lists its industries
        period = f" ({progress.period})" if progress else ""
        out[indicator.reporting_bureau_id].append(
            Record(
                f"{indicator.code} {indicator.name}",
                reverse("reports:indicator", args=[indicator.code]),
                str(ProgressStatus(status).label) + period,
                INDICATOR_CREDIT.get(status, ZERO),
            )
        )
    return out


def _supervision_records(year: int, as_of: datetime.date, cutoff: datetime.datetime):
    out = defaultdict(list)
    items = SupervisionItem.objects.filter(deadline__year=year).filter(
        Q(deadline__lt=as_of) | Q(signed_off_at__lt=cutoff)
    )
    for item in items.order_by("deadline", "id"):
        signed = item.signed_off_at is not None and item.signed_off_at < cutoff
        if signed and item.done_on_time():
            verdict, credit = _("Done on time"), ONE
        elif signed:
            verdict, credit = _("Done late"), ZERO
        else:
            verdict, credit = _("Not done by the deadline"), ZERO
        label = f"{item.deadline:%Y-%m-%d} {item.title}"
        out[item.lead_bureau_id].append(Record(label, item.get_absolute_url(), verdict, credit))
    return out


def _activity_records(year: int, as_of: datetime.date, cutoff: datetime.datetime):
    """Activities held in the year up to the as-of date and recorded by then, each with evidence
    or the office's confirmation (by then); a training with no attendance is not one."""
    out = defaultdict(list)
    end = min(as_of, datetime.date(year, 12, 31))
    rows = (
        Activity.objects.filter(date__range=(datetime.date(year, 1, 1), end), created_at__lt=cutoff)
        .annotate(files=Count("evidence", filter=Q(evidence__uploaded_at__lt=cutoff)))
        .filter(Q(files__gt=0) | Q(office_confirmed_at__lt=cutoff))
        .exclude(kind=ActivityKind.TRAINING, person_times=0)
        .order_by("date", "id")
    )
    for activity in rows:
        label = f"{activity.date:%Y-%m-%d} {activity.title}"
        verdict = activity.get_kind_display()
        out[activity.bureau_id].append(Record(label, activity.get_absolute_url(), verdict, ONE))
    return out


def assess(year: int, as_of: datetime.date | None = None) -> Assessment:
    """Every member bureau's and town's score for the year as of a date, ranked within its
    category; units with nothing to assess are listed, not ranked."""
    as_of = as_of or timezone.localdate()
    cutoff = cutoff_of(as_of)
    rules = criteria()
    periods = due_periods(year, as_of)
    codes = {c.code for c in rules}
    owed = _owed_rows(periods)
    standings = standings_at([row.item for row in owed if row.item], cutoff)
    records: dict[str, dict] = {}
    if codes & {CriterionCode.TIMELINESS, CriterionCode.COMPLETENESS}:
        timeliness, completeness = _submission_records(owed, standings)
        records[CriterionCode.TIMELINESS] = timeliness
        records[CriterionCode.COMPLETENESS] = completeness
    if CriterionCode.TASK_PROGRESS in codes:
        records[CriterionCode.TASK_PROGRESS] = _task_records(owed, standings)
    if CriterionCode.INDICATORS in codes:
        records[CriterionCode.INDICATORS] = _indicator_records(periods)
    if CriterionCode.SUPERVISION in codes:
        records[CriterionCode.SUPERVISION] = _supervision_records(year, as_of, cutoff)
    if CriterionCode.ACTIVITIES in codes:
        records[CriterionCode.ACTIVITIES] = _activity_records(year, as_of, cutoff)

    adjustments = defaultdict(list)
    rows = AssessmentAdjustment.objects.filter(year=year, created_at__lt=cutoff)
    for adjustment in rows.select_related("author"):
        adjustments[adjustment.bureau_id].append(adjustment)

    max_points = sum((c.weight for c in rules), ZERO)
    groups = categories()
    lines = []
    for bureau in Bureau.objects.members().order_by("order", "id"):
        scores = [
            CriterionScore(rule, records.get(rule.code, {}).get(bureau.pk, [])) for rule in rules
        ]
        for score in scores:
            if score.criterion.code != CriterionCode.ACTIVITIES:
                score.rate = _rate(score.records)
        line = BureauAssessment(
            bureau, scores, adjustments.get(bureau.pk, []), max_points, category_of(bureau, groups)
        )
        if line.assessed:
            activities = line.score(CriterionCode.ACTIVITIES)
            if activities is not None:
                target = activities.criterion.target
                activities.target = target if target and target > 0 else ONE
                activities.rate = min(Decimal(len(activities.records)) / activities.target, ONE)
        lines.append(line)
    order = {category.pk: index for index, category in enumerate(groups)}
    lines = _ranked(lines, order)
    return Assessment(year, as_of, rules, lines, periods)


def _ranked(lines: list[BureauAssessment], order: dict[int, int]) -> list[BureauAssessment]:
    """Within each category best total first; equal totals share a rank (1, 2, 2, 4), listed in
    bureau order; units not assessed follow their category's ranked units, without a rank."""

    def category_key(line: BureauAssessment) -> int:
        return order.get(line.category.pk, len(order)) if line.category else len(order)

    lines.sort(
        key=lambda line: (
            category_key(line),
            not line.assessed,
            -(line.total or ZERO),
            line.bureau.order,
            line.bureau.pk,
        )
    )
    previous_key, previous_total, rank, index = None, None, 0, 0
    for line in lines:
        key = category_key(line)
        if key != previous_key:
            previous_key, previous_total, rank, index = key, None, 0, 0
        if not line.assessed:
            continue
        index += 1
        if line.total != previous_total:
            rank, previous_total = index, line.total
        line.rank = rank
    return lines


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
