"""Reads for the reporting pages: what each bureau owes for a period, and how far it has got.

Each function runs a fixed handful of queries, whatever the number of bureaus or items.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureaus.models import Bureau
from targets.models import Figure, Period
from tasks_registry.models import TaskReport

from .kinds import FIGURE, TASK_REPORT, ItemKind, owed_figures, owed_task_reports
from .models import NOT_STARTED, Action, ReviewComment, SubmissionState, Transition

MISSING = NOT_STARTED
CELL_LABELS = {
    "approved": _("Approved"),
    "on_time": _("Submitted on time"),
    "late": _("Submitted late"),
    "returned": _("Returned"),
    "missing": _("Missing"),
    "pending": _("Not yet due"),
}


@dataclass
class Row:
    """One item a bureau owes for a period, whether or not it has been started."""

    kind: ItemKind
    subject: object  # an Indicator or a KeyTask
    bureau: Bureau
    period: Period
    item: Figure | TaskReport | None

    @property
    def state(self) -> str:
        return self.item.state if self.item else MISSING

    @property
    def submitted(self) -> bool:
        return self.state in (SubmissionState.SUBMITTED, SubmissionState.APPROVED)

    @property
    def url(self) -> str:
        if self.kind is FIGURE:
            return reverse(
                "reporting:figure", args=[self.period, self.subject.code, self.bureau.code]
            )
        return reverse(
            "reporting:task-report", args=[self.period, self.subject.number, self.bureau.code]
        )

    def late(self, today: datetime.date) -> bool:
        """R11.3: owed, past the due date, and neither submitted nor approved."""
        return today > self.period.due_date and not self.submitted

    def days_left(self, today: datetime.date) -> int:
        return (self.period.due_date - today).days

    def on_time(self) -> bool:
        at = self.item.submitted_at if self.item else None
        return bool(at and self.submitted and timezone.localdate(at) <= self.period.due_date)

    def cell(self, today: datetime.date) -> str:
        """The completeness matrix's verdict on this item."""
        if self.state == SubmissionState.APPROVED:
            return "approved"
        if self.state == SubmissionState.SUBMITTED:
            return "on_time" if self.on_time() else "late"
        if self.state == SubmissionState.RETURNED:
            return "returned"
        return "missing" if today > self.period.due_date else "pending"


def rows_for(period: Period, bureau_id: int | None = None) -> list[Row]:
    """Every figure and task report owed for the period (by one bureau, or by all)."""
    figures = Figure.objects.filter(period=period)
    reports = TaskReport.objects.filter(period=period)
    if bureau_id is not None:
        figures = figures.filter(bureau_id=bureau_id)
        reports = reports.filter(bureau_id=bureau_id)
    figure_by_key = {(f.indicator_id, f.bureau_id): f for f in figures}
    report_by_key = {(r.task_id, r.bureau_id): r for r in reports}
    rows = [
        Row(FIGURE, indicator, bureau, period, figure_by_key.get((indicator.pk, bureau.pk)))
        for indicator, bureau in owed_figures(bureau_id)
    ]
    rows += [
        Row(TASK_REPORT, task, bureau, period, report_by_key.get((task.pk, bureau.pk)))
        for task, bureau in owed_task_reports(period, bureau_id)
    ]
    return rows


def owed_rows(periods: list[Period], bureau_id: int) -> list[Row]:
    """Everything a bureau owes in these periods, whatever its state."""
    return [row for period in periods for row in rows_for(period, bureau_id)]


def outstanding_rows(owed: list[Row]) -> list[Row]:
    """A bureau's to-do: what it owes that is not yet submitted or approved."""
    return [row for row in owed if not row.submitted]


@dataclass
class BureauCompleteness:
    bureau: Bureau
    cells: dict = field(default_factory=dict)  # column key to verdict
    owed: int = 0
    submitted: int = 0
    on_time: int = 0

    @property
    def completeness_rate(self) -> float:
        return 100 * self.submitted / self.owed if self.owed else 0.0

    @property
    def on_time_rate(self) -> float:
        return 100 * self.on_time / self.owed if self.owed else 0.0


@dataclass(frozen=True)
class MatrixColumn:
    key: str
    label: str  # "2.1 有效发明专利", "1. 强化部门协同管理机制": a header names what it counts


def _column(row: Row) -> MatrixColumn:
    if row.kind is FIGURE:
        return MatrixColumn(f"figure:{row.subject.code}", f"{row.subject.code} {row.subject.name}")
    return MatrixColumn(f"task:{row.subject.number}", f"{row.subject.number}. {row.subject.title}")


def completeness(period: Period, today: datetime.date, rows: list[Row] | None = None):
    """Bureaus × items for a period, with each bureau's completeness and on-time rates
    (from `rows`, rows_for(period), when the caller has read them already)."""
    rows = rows_for(period) if rows is None else rows
    columns: list[MatrixColumn] = []
    by_bureau: dict[int, BureauCompleteness] = {}
    for row in rows:
        column = _column(row)
        key = column.key
        if column not in columns:
            columns.append(column)
        line = by_bureau.setdefault(row.bureau.pk, BureauCompleteness(row.bureau))
        line.cells[key] = (row.cell(today), row.url)
        line.owed += 1
        line.submitted += row.submitted
        line.on_time += row.on_time()
    lines = sorted(by_bureau.values(), key=lambda line: (line.bureau.order, line.bureau.pk))
    owed = sum(line.owed for line in lines)
    totals = {
        "completeness_rate": 100 * sum(x.submitted for x in lines) / owed if owed else 0.0,
        "on_time_rate": 100 * sum(x.on_time for x in lines) / owed if owed else 0.0,
    }
    return columns, lines, totals


def previous_figures(figure: Figure, count: int = 4) -> list[Figure]:
    """The bureau's earlier figures of the same indicator, newest first, for comparison."""
    return list(
        Figure.objects.filter(indicator_id=figure.indicator_id, bureau_id=figure.bureau_id)
        .exclude(pk=figure.pk)
        .filter(period__year__lte=figure.period.year)
        .exclude(period__year=figure.period.year, period__quarter__gte=figure.period.quarter)
        .select_related("period")
        .order_by("-period__year", "-period__quarter")[:count]
    )


def previous_report(report: TaskReport) -> TaskReport | None:
    return (
        TaskReport.objects.filter(task_id=report.task_id, bureau_id=report.bureau_id)
        .exclude(pk=report.pk)
        .filter(period__year__lte=report.period.year)
        .exclude(period__year=report.period.year, period__quarter__gte=report.period.quarter)
        .select_related("period")
        .order_by("-period__year", "-period__quarter")
        .first()
    )


def open_follow_ups():
    return (
        ReviewComment.objects.filter(follow_up=True, resolved_at__isnull=True)
        .select_related("author", "content_type")
        .prefetch_related("item")
        .order_by("created_at")
    )


@dataclass(frozen=True)
class Standing:
    """Where an item stood at a moment: its state then, and when it was last submitted by then."""

    state: str
    submitted_at: datetime.datetime | None

    @property
    def approved(self) -> bool:
        return self.state == SubmissionState.APPROVED


NOT_STARTED = Standing(MISSING, None)


def standings_at(items: list, cutoff: datetime.datetime) -> dict[tuple[type, int], Standing]:
    """Each item's standing at `cutoff`, read from its transitions (one query per model), so an
    approval, a return or a reopening after the cutoff changes nothing before it.

    An item without any transition (loaded or imported as it stands) is taken as it stands,
    dated by its submission (or its last change): it counts from that moment on."""
    out: dict[tuple[type, int], Standing] = {}
    by_model: dict[type, list] = {}
    for item in items:
        by_model.setdefault(type(item), []).append(item)
    for model, rows in by_model.items():
        steps: dict[int, list[Transition]] = {}
        transitions = Transition.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[row.pk for row in rows],
        ).order_by("at", "id")
        for step in transitions:
            steps.setdefault(step.object_id, []).append(step)
        for row in rows:
            out[model, row.pk] = _standing(row, steps.get(row.pk), cutoff)
    return out


def _standing(item, steps: list | None, cutoff: datetime.datetime) -> Standing:
    if steps is None:
        dated = item.submitted_at or item.updated_at
        if dated is None or dated >= cutoff:
            return NOT_STARTED
        return Standing(item.state, item.submitted_at)
    before = [step for step in steps if step.at < cutoff]
    if not before:
        return NOT_STARTED
    submitted = [step.at for step in before if step.action == Action.SUBMIT]
    return Standing(before[-1].to_state, submitted[-1] if submitted else None)
