"""Reads for the dashboards: computed Progress rows and a few small aggregates.

Every function runs a fixed number of queries, whatever the number of figures (the dashboards'
tests assert it): the heavy lifting happened in the nightly progress run.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bureaus.models import Bureau
from targets.metrics import registry
from targets.models import (
    Figure,
    FigureState,
    Indicator,
    IndicatorKind,
    IndicatorSource,
    Period,
    Progress,
    ProgressRun,
    ProgressStatus,
    RunStatus,
)
from targets.progress import period_start
from tasks_registry.models import OwnershipRole
from tasks_registry.selectors import key_tasks

# The Bootstrap colour of each status, used by cards, badges and the legend.
STATUS_COLOURS = {
    ProgressStatus.ACHIEVED: "success",
    ProgressStatus.ON_TRACK: "primary",
    ProgressStatus.AT_RISK: "warning",
    ProgressStatus.OFF_TRACK: "danger",
    ProgressStatus.NO_DATA: "secondary",
}


@dataclass
class IndicatorCard:
    indicator: Indicator
    latest: Progress | None
    history: list[Progress] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.latest:
            return self.latest.status
        # Before the first run (or the first period) a qualitative target shows the assessment.
        return self.indicator.assessed_status or ProgressStatus.NO_DATA

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def status_label(self) -> str:
        return ProgressStatus(self.status).label

    @property
    def is_growth(self) -> bool:
        return self.indicator.kind == IndicatorKind.GROWTH_RATE

    @property
    def unit(self) -> str:
        return "%" if self.is_growth else self.indicator.unit


def periods_begun(today: datetime.date | None = None) -> list[Period]:
    today = today or timezone.localdate()
    return [p for p in Period.objects.order_by("year", "quarter") if period_start(p) <= today]


def current_period(periods: list[Period]) -> Period | None:
    """The latest period that has begun: the one bureaus are reporting on."""
    return periods[-1] if periods else None


def indicator_cards(*, indicators: QuerySet[Indicator] | None = None) -> list[IndicatorCard]:
    """One card per target, with its history of Progress rows (2 queries)."""
    if indicators is None:
        indicators = Indicator.objects.filter(is_auxiliary=False)
    indicators = list(indicators.select_related("area", "reporting_bureau"))
    rows = Progress.objects.filter(indicator__in=[i.pk for i in indicators]).select_related(
        "period"
    )
    history: dict[int, list[Progress]] = {}
    for row in rows.order_by("period__year", "period__quarter"):
        history.setdefault(row.indicator_id, []).append(row)
    return [
        IndicatorCard(i, (history.get(i.pk) or [None])[-1], history.get(i.pk, []))
        for i in indicators
    ]


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
                name, metric.label if metric else name, None if value is None else Decimal(value)
            )
        )
    return out


@dataclass
class MatrixRow:
    task: object
    cells: list[str]  # per bureau column: "lead", "cooperating" or ""


def ownership_matrix() -> tuple[list[Bureau], list[MatrixRow]]:
    """The 19 key tasks × the bureaus that own any of them (3 queries)."""
    tasks = list(key_tasks())
    owning = {o.bureau_id for t in tasks for o in t.owners}
    bureaus = [b for b in Bureau.objects.order_by("order", "id") if b.pk in owning]
    rows = []
    for task in tasks:
        roles = {o.bureau_id: o.role for o in task.owners}
        rows.append(MatrixRow(task, [roles.get(b.pk, "") for b in bureaus]))
    return bureaus, rows


@dataclass
class Completeness:
    bureau: Bureau
    expected: int
    approved: int = 0
    submitted: int = 0
    in_progress: int = 0  # draft or returned

    @property
    def missing(self) -> int:
        return max(self.expected - self.approved - self.submitted - self.in_progress, 0)

    @property
    def done_percent(self) -> int:
        if not self.expected:
            return 100
        return min(round(100 * (self.approved + self.submitted) / self.expected), 100)

    @property
    def outstanding(self) -> int:
        return self.expected - min(self.approved + self.submitted, self.expected)


def figure_completeness(
    period: Period | None, *, bureau: Bureau | None = None
) -> list[Completeness]:
    """Per reporting bureau: figures expected for the period and how far they have got (2
    queries)."""
    if period is None:
        return []
    expected = Indicator.objects.filter(
        source=IndicatorSource.FIGURE, reporting_bureau__isnull=False
    )
    if bureau is not None:
        expected = expected.filter(reporting_bureau=bureau)
    counts = (
        expected.values("reporting_bureau")
        .annotate(
            n=Count("id", distinct=True),
            approved=Count("figures", filter=_figure_state(period, [FigureState.APPROVED])),
            submitted=Count("figures", filter=_figure_state(period, [FigureState.SUBMITTED])),
            in_progress=Count(
                "figures",
                filter=_figure_state(period, [FigureState.DRAFT, FigureState.RETURNED]),
            ),
        )
        .order_by()
    )
    by_bureau = {row["reporting_bureau"]: row for row in counts}
    bureaus = Bureau.objects.filter(pk__in=by_bureau).order_by("order", "id")
    return [
        Completeness(
            b,
            by_bureau[b.pk]["n"],
            by_bureau[b.pk]["approved"],
            by_bureau[b.pk]["submitted"],
            by_bureau[b.pk]["in_progress"],
        )
        for b in bureaus
    ]


def _figure_state(period: Period, states: list[str]) -> Q:
    # Only the reporting bureau's own figure counts towards its completeness.
    return Q(
        figures__period=period,
        figures__state__in=states,
        figures__bureau=F("reporting_bureau"),
    )


def is_overdue(period: Period | None, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return period is not None and today > period.due_date


def figures_visible_to(user) -> QuerySet[Figure]:
    """Figures a user may read: every bureau's for the office and leaders, else their own."""
    figures = Figure.objects.all()
    if user.sees_all_bureaus:
        return figures
    if user.bureau_id is None:
        return figures.none()
    return figures.filter(bureau_id=user.bureau_id)


def bureau_tasks(bureau: Bureau) -> list:
    """The key tasks a bureau leads or co-operates on, leads first (1 query)."""
    tasks = bureau.task_ownerships.select_related("task__group").order_by("-role", "task__number")
    return [(o.task, o.role == OwnershipRole.LEAD) for o in tasks]


def bureau_todos(bureau: Bureau, period: Period | None) -> list[tuple[Indicator, Figure | None]]:
    """The bureau's figures for the period not yet submitted: missing, draft or returned (2
    queries)."""
    if period is None:
        return []
    indicators = list(
        Indicator.objects.filter(source=IndicatorSource.FIGURE, reporting_bureau=bureau)
    )
    figures = {
        f.indicator_id: f
        for f in Figure.objects.filter(period=period, bureau=bureau, indicator__in=indicators)
    }
    todos = []
    for indicator in indicators:
        figure = figures.get(indicator.pk)
        if figure is None or figure.state in (FigureState.DRAFT, FigureState.RETURNED):
            todos.append((indicator, figure))
    return todos
