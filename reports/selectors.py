"""Reads for the dashboards: computed Progress rows and a few small aggregates.

Every function runs a fixed number of queries, whatever the number of figures (the dashboards'
tests assert it): the heavy lifting happened in the nightly progress run.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureaus.models import Bureau
from targets.metrics import registry
from targets.models import (
    VERDICT_STATUS,
    AssessmentVerdict,
    Indicator,
    IndicatorKind,
    IndicatorSource,
    Period,
    Progress,
    ProgressRun,
    ProgressStatus,
    RunStatus,
)
from targets.progress import target_met
from tasks_registry.models import OwnershipRole, TaskReport, TaskStatus
from tasks_registry.selectors import key_tasks
from workflow import selectors as workflow_selectors
from workflow.models import SubmissionState

# The Bootstrap colour of each status, used by cards, badges and the legend.
STATUS_COLOURS = {
    ProgressStatus.ACHIEVED: "success",
    ProgressStatus.ON_TRACK: "primary",
    ProgressStatus.AT_RISK: "warning",
    ProgressStatus.OFF_TRACK: "danger",
    ProgressStatus.NO_DATA: "secondary",
    ProgressStatus.LARGELY: "info",
    ProgressStatus.PENDING: "light",
    ProgressStatus.NOT_SET: "light",
}

# A qualitative target's status is the office's verdict, named as the verdict (已达成 …).
VERDICT_LABELS = {status: AssessmentVerdict(v).label for v, status in VERDICT_STATUS.items()}
BASELINE_PENDING = gettext_lazy("Baseline to be set")


@dataclass
class IndustryStanding:
    """One industry the office listed for 3.1, at the card's period (R3.4)."""

    industry: Indicator
    density: Decimal | None

    @property
    def above(self) -> bool:
        return self.density is not None and target_met(
            self.density, self.industry.target_value, strictly_more=self.industry.strictly_more
        )


@dataclass
class IndicatorCard:
    """An indicator's official standing (`latest`: the latest ended quarter with data, R2.1) and,
    beside it, the running quarter's provisional one when that quarter has data of its own."""

    indicator: Indicator
    latest: Progress | None
    history: list[Progress] = field(default_factory=list)
    provisional: Progress | None = None
    industries: list[IndustryStanding] = field(default_factory=list)

    @classmethod
    def from_history(cls, indicator: Indicator, history: list[Progress]) -> "IndicatorCard":
        ended = [row for row in history if not row.provisional]
        with_data = [row for row in ended if row.data_period_id is not None]
        running = [row for row in history if row.provisional and row.reported]
        return cls(
            indicator,
            (with_data or ended or [None])[-1],
            history,
            running[-1] if running else None,
        )

    @property
    def industries_above(self) -> int:
        return sum(1 for standing in self.industries if standing.above)

    @property
    def industries_not_above(self) -> list[IndustryStanding]:
        return [standing for standing in self.industries if not standing.above]

    @property
    def status(self) -> str:
        if self.latest:
            return self.latest.status
        if self.indicator.source == IndicatorSource.INDUSTRIES and not self.industries:
            return ProgressStatus.NOT_SET  # R3.4: no industry listed yet, never a failure
        if self.indicator.kind == IndicatorKind.QUALITATIVE:
            return ProgressStatus.PENDING  # R3.6: not assessed yet, never a failure
        return ProgressStatus.NO_DATA

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def awaits_baseline(self) -> bool:
        """A growth target with no baseline yet (R3.3): 基期待设定, no data, never a failure."""
        return self.is_growth and self.latest is not None and self.latest.baseline_value is None

    @property
    def status_label(self) -> str:
        if self.indicator.kind == IndicatorKind.QUALITATIVE and self.status in VERDICT_LABELS:
            return VERDICT_LABELS[self.status]
        if self.awaits_baseline:
            return BASELINE_PENDING
        return ProgressStatus(self.status).label

    @property
    def is_growth(self) -> bool:
        return self.indicator.kind == IndicatorKind.GROWTH_RATE

    @property
    def unit(self) -> str:
        return "%" if self.is_growth else self.indicator.unit


def indicator_cards(*, indicators: QuerySet[Indicator] | None = None) -> list[IndicatorCard]:
    """One card per target, with its history of Progress rows (2 queries, and one for the
    industries of 3.1)."""
    if indicators is None:
        indicators = Indicator.objects.filter(is_auxiliary=False)
    indicators = list(indicators.select_related("area", "reporting_bureau"))
    by_industries = [i.pk for i in indicators if i.source == IndicatorSource.INDUSTRIES]
    parts = []
    if by_industries:
        parts = list(
            Indicator.objects.filter(parent__in=by_industries, target_value__isnull=False)
            .select_related("parent")
            .order_by("order", "id")
        )
    rows = Progress.objects.filter(indicator__in=[i.pk for i in indicators + parts]).select_related(
        "period", "data_period"
    )
    history: dict[int, list[Progress]] = {}
    for row in rows.order_by("period__year", "period__quarter"):
        history.setdefault(row.indicator_id, []).append(row)
    cards = [IndicatorCard.from_history(i, history.get(i.pk, [])) for i in indicators]
    for card in cards:
        if card.indicator.source != IndicatorSource.INDUSTRIES:
            continue
        period_id = card.latest.period_id if card.latest else None
        for part in parts:
            if part.parent_id == card.indicator.pk:
                row = next((r for r in history.get(part.pk, []) if r.period_id == period_id), None)
                card.industries.append(IndustryStanding(part, row.value if row else None))
    return cards


def chart_series(cards: list[IndicatorCard]) -> dict:
    """What static/js/dashboard.js draws: per indicator code, quarters and values."""
    labels = {
        "value": _("Value"),
        "expected": _("Expected"),
        "target": _("Target"),
        "empty": _("No data yet"),
    }
    return {"labels": {k: str(v) for k, v in labels.items()}, "indicators": _series(cards)}


def _series(cards: list[IndicatorCard]) -> dict:
    out = {}
    for card in cards:
        if card.indicator.kind == IndicatorKind.QUALITATIVE:
            continue
        target = card.indicator.target_value
        expected = []
        for row in card.history:
            if card.is_growth or row.expected_percent is None or target is None:
                expected.append(None)
            else:
                expected.append(float(row.expected_percent * target / 100))
        out[card.indicator.code] = {
            "labels": [str(row.period) for row in card.history],
            "values": [None if row.value is None else float(row.value) for row in card.history],
            "expected": expected,
            "target": None if target is None else float(target),
            "unit": card.unit,
        }
    return out


def latest_run() -> ProgressRun | None:
    return ProgressRun.objects.order_by("-started_at").first()


@dataclass
class Headline:
    name: str
    label: str
    value: Decimal | None
    unit: str = ""  # "元" for money (R9.2)


def headlines() -> list[Headline]:
    """The registers' headline figures stored by the last successful run (1 query)."""
    run = (
        ProgressRun.objects.filter(status=RunStatus.SUCCEEDED)
        .order_by("-started_at")
        .only("headlines")
        .first()
    )
    out = []
    for name, value in (run.headlines if run else {}).items():
        metric = registry.headline(name)
        out.append(
            Headline(
                name,
                metric.label if metric else name,
                None if value is None else Decimal(value),
                metric.unit if metric else "",
            )
        )
    return out


# The colour of a key task's reported status in the tasks × bureaus matrix.
TASK_STATUS_COLOURS = {
    TaskStatus.DONE: "success",
    TaskStatus.ON_TRACK: "primary",
    TaskStatus.DELAYED: "danger",
    TaskStatus.NOT_STARTED: "secondary",
}


@dataclass
class MatrixCell:
    role: str  # "lead", "cooperating" or "" when the bureau has no part in the task
    report: TaskReport | None = None  # its submitted or approved report for the period
    is_default: bool = False  # the part is the portal's default, not yet confirmed (R4.3)

    @property
    def colour(self) -> str:
        if self.report is None:
            return ""
        return TASK_STATUS_COLOURS.get(self.report.status, "secondary")


@dataclass
class MatrixRow:
    task: object
    cells: list[MatrixCell]


def ownership_matrix(
    period: Period | None = None, *, periods: list[Period] | None = None
) -> tuple[list[Bureau], list[MatrixRow]]:
    """The 19 key tasks × the bureaus that owned any of them in the period (or the latest of
    `periods`, R5.4), with the status each bureau last reported for the period, or for the
    latest of `periods` it reported on (4 queries)."""
    periods = periods if periods is not None else [p for p in (period,) if p is not None]
    held_in = max(periods, key=lambda p: (p.year, p.quarter)) if periods else None
    tasks = list(key_tasks(held_in))
    owning = {o.bureau_id for t in tasks for o in t.owners}
    bureaus = [b for b in Bureau.objects.order_by("order", "id") if b.pk in owning]
    reports = {}
    if periods:
        order = {p.pk: (p.year, p.quarter) for p in periods}
        reported = TaskReport.objects.filter(
            period__in=list(order), state__in=[SubmissionState.SUBMITTED, SubmissionState.APPROVED]
        ).only("task_id", "bureau_id", "period_id", "status", "state")
        for report in sorted(reported, key=lambda r: order[r.period_id]):
            reports[(report.task_id, report.bureau_id)] = report
    rows = []
    for task in tasks:
        parts = {o.bureau_id: o for o in task.owners}
        cells = [
            MatrixCell(
                parts[b.pk].role if b.pk in parts else "",
                reports.get((task.pk, b.pk)),
                b.pk in parts and parts[b.pk].awaits_confirmation,
            )
            for b in bureaus
        ]
        rows.append(MatrixRow(task, cells))
    return bureaus, rows


def submission_completeness(period: Period | None, today: datetime.date | None = None):
    """Per bureau, figures and task reports owed for the period and how many are in: the
    reporting workflow's own count, so every page shows the same numbers."""
    if period is None:
        return [], {}
    _columns, lines, totals = workflow_selectors.completeness(period, today or timezone.localdate())
    return lines, totals


def is_overdue(period: Period | None, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return period is not None and today > period.due_date


def bureau_tasks(bureau: Bureau) -> list:
    """The key tasks a bureau leads or co-operates on, leads first (1 query)."""
    tasks = bureau.task_ownerships.open().select_related("task__group")
    tasks = tasks.order_by("-role", "task__number")
    return [(o.task, o.role == OwnershipRole.LEAD) for o in tasks]


def bureau_todos(bureau: Bureau, periods: list[Period], today: datetime.date) -> tuple[list, bool]:
    """What the bureau still owes for these periods (the workflow's own to-do rows), each marked
    `overdue` once its period's due date has passed, and whether it owes anything in them."""
    owed = workflow_selectors.owed_rows(periods, bureau.pk)
    rows = workflow_selectors.outstanding_rows(owed)
    for row in rows:
        row.overdue = today > row.period.due_date
    return rows, bool(owed)
