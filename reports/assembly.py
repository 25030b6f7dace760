"""The assessment report of a period, assembled once as plain data for every renderer.

`assemble_report("2026Q3")` (a quarter) or `assemble_report("2026")` (the annual report) reads the
computed Progress rows, the key tasks' ownership and reports and the workflow's completeness
through the dashboards' selectors: nothing is recomputed, and the query count does not grow with
the data. The HTML preview (report_html.py), the PDF (pdf.py) and the workbook (report_xlsx.py)
all render the same `Report`.

Other apps add sections (enforcement and financing summaries, the assessment ranking, ...) with
the section registry, as they add metrics to targets/metrics.py:

    from reports.assembly import Column, Section, register_section

    @register_section("finance", order=60)
    def financing(scope):          # scope: ReportScope
        return Section("finance", _("Financing"), [Column(_("Bank")), Column(_("Amount"), "yuan")],
                       rows=[["…", Decimal("1000000.00")]])

A builder returns None when it has nothing to say for the period; the section is then left out.
Apps put these in their own `report_sections.py` (autodiscovered by the exports app).
"""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from core.demo import demo_mark
from targets.metrics import registry
from targets.models import IndicatorKind, Period, ProgressRun, ProgressStatus, RunStatus
from tasks_registry.models import OwnershipRole, TaskStatus

from . import selectors
from .defaults import pending_note

# The programme's own name for the document, in Chinese as the plan writes (DOMAIN.md).
REPORT_TITLE = "国家知识产权强市建设试点工作评估报告"
PERIOD_CODE = re.compile(r"^(\d{4})(?:Q([1-4]))?\Z")

UNKNOWN_PERIOD = "Unknown report period “%(code)s”: use a quarter like 2026Q3 or a year like 2026."
NO_PERIOD = "There is no reporting period for “%(code)s” yet."


class ReportPeriodError(ValueError):
    pass


# Scope ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportScope:
    """What a report covers: a quarter, or a year read at its last reporting period."""

    code: str
    year: int
    quarter: int | None
    period: Period  # whose Progress rows the report shows
    today: datetime.date  # the day the report is made on (overdue items, completeness)
    # The quarters whose task reports count: the quarter itself, or every quarter of the year
    # that has begun (R8.2).
    periods: tuple[Period, ...] = ()

    @property
    def annual(self) -> bool:
        return self.quarter is None

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1) if self.annual else self.period.start_date

    @property
    def end(self) -> datetime.date:
        return datetime.date(self.year, 12, 31) if self.annual else self.period.end_date

    @property
    def as_of(self) -> datetime.date:
        """The day every number of the report is counted to (R8.1): the period's last day, or
        the day the report is made while the period runs."""
        return min(self.end, self.today)

    @property
    def due_periods(self) -> tuple[Period, ...]:
        """The quarters whose obligations the submission rates are over (R8.2): those that have
        ended by the day the report is made, else the running one."""
        ended = tuple(p for p in self.periods if p.end_date < self.today)
        return ended or (self.period,)

    @property
    def label(self) -> str:
        if self.annual:
            return _("Year %(year)s") % {"year": self.year}
        return _("%(year)s, quarter %(quarter)s") % {"year": self.year, "quarter": self.quarter}


def resolve_scope(code: str, today: datetime.date | None = None) -> ReportScope:
    """`2026Q3` or `2026` to its scope; ReportPeriodError for anything else (no period is made)."""
    match = PERIOD_CODE.match((code or "").strip())
    if not match:
        raise ReportPeriodError(UNKNOWN_PERIOD % {"code": code})
    today = today or timezone.localdate()
    year, quarter = int(match[1]), int(match[2]) if match[2] else None
    periods = Period.objects.filter(year=year).order_by("quarter")
    if quarter is not None:
        period = periods.filter(quarter=quarter).first()
        begun = [period]
    else:
        # The year as it stands: its latest quarter that has begun (a later one may exist
        # already, with a due date set, but has no progress yet).
        begun = [p for p in periods if p.start_date <= today]
        period = begun[-1] if begun else None
    if period is None:
        raise ReportPeriodError(NO_PERIOD % {"code": code})
    code = f"{year}" if quarter is None else f"{year}Q{quarter}"
    return ReportScope(code, year, quarter, period, today, tuple(begun))


# Sections from other apps -----------------------------------------------------------------------


@dataclass
class Column:
    label: str
    # text, int, number, percent (a value in per cent, e.g. 62.5), yuan, wan_yuan (a value in
    # yuan shown in 万元), date
    kind: str = "text"
    width: int = 14


@dataclass
class Section:
    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    note: str = ""


SectionBuilder = Callable[[ReportScope], Section | None]


@dataclass(frozen=True)
class RegisteredSection:
    key: str
    order: int
    build: SectionBuilder


_SECTIONS: dict[str, RegisteredSection] = {}


def register_section(key: str, *, order: int = 100):
    """Decorator: `fn(scope) -> Section | None` adds a section to every report (same key
    replaces)."""

    def decorator(fn: SectionBuilder) -> SectionBuilder:
        _SECTIONS[key] = RegisteredSection(key, order, fn)
        return fn

    return decorator


def unregister_section(key: str) -> None:
    _SECTIONS.pop(key, None)


def registered_sections() -> list[RegisteredSection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


# The report -------------------------------------------------------------------------------------


@dataclass
class TargetRow:
    code: str
    area: str
    name: str
    unit: str
    target_display: str
    kind: str
    value: Decimal | None
    target: Decimal | None
    percent: Decimal | None
    expected: Decimal | None
    projected: Decimal | None
    status: str
    status_label: str
    reported: bool

    @property
    def is_growth(self) -> bool:
        return self.kind == IndicatorKind.GROWTH_RATE


@dataclass
class Trend:
    code: str
    name: str
    unit: str
    labels: list[str]
    values: list[float | None]
    expected: list[float | None]
    target: float | None


@dataclass
class TaskRow:
    number: int
    group: str
    title: str
    lead: str
    cooperating: list[str]
    status: str  # a TaskStatus, or "" when no owner reported for the period
    status_label: str
    percent_complete: int | None
    reports: int  # submitted or approved reports of the period
    owners: int


@dataclass
class CompletenessRow:
    bureau: str
    owed: int
    submitted: int
    on_time: int
    completeness_rate: Decimal
    on_time_rate: Decimal


@dataclass
class HeadlineRow:
    name: str
    label: str
    value: Decimal | None
    unit: str = ""  # "元" for money (R9.2)


@dataclass
class Report:
    code: str
    annual: bool
    title: str
    district: str
    period_label: str
    start: datetime.date
    end: datetime.date
    generated_on: datetime.date
    data_version: int | None  # the progress run the figures come from
    computed_at: datetime.datetime | None
    summary: str
    status_counts: dict[str, int]
    headlines: list[HeadlineRow]
    targets: list[TargetRow]
    trends: list[Trend]
    tasks: list[TaskRow]
    completeness: list[CompletenessRow]
    completeness_rate: Decimal
    on_time_rate: Decimal
    sections: list[Section]
    defaults_note: str = ""  # R4.3: the portal's defaults still awaiting confirmation
    demo_mark: str = ""  # R4.5: 演示数据 when the database holds demo data

    @property
    def full_title(self) -> str:
        return f"{self.district}{self.title}"

    @property
    def kind(self) -> str:
        return "annual" if self.annual else "quarterly"


def _rate(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"))


def _key(period: Period) -> tuple[int, int]:
    return period.year, period.quarter


def _targets_and_trends(scope: ReportScope) -> tuple[list[TargetRow], list[Trend]]:
    """Every 2026 target at the scope's period, and its quarterly series up to it."""
    until = _key(scope.period)
    cards = []
    for card in selectors.indicator_cards():
        history = [row for row in card.history if _key(row.period) <= until]
        latest = history[-1] if history and _key(history[-1].period) == until else None
        cards.append(selectors.IndicatorCard(card.indicator, latest, history))
    rows = []
    for card in cards:
        indicator, latest = card.indicator, card.latest
        rows.append(
            TargetRow(
                code=indicator.code,
                area=indicator.area.title,
                name=indicator.name,
                unit=card.unit,
                target_display=indicator.target_display,
                kind=indicator.kind,
                value=latest.value if latest else None,
                target=indicator.target_value,
                percent=latest.percent_of_target if latest else None,
                expected=latest.expected_percent if latest else None,
                projected=latest.projected_value if latest else None,
                status=card.status,
                status_label=str(card.status_label),
                reported=bool(latest and latest.reported),
            )
        )
    names = {card.indicator.code: card.indicator.name for card in cards}
    series = selectors.chart_series(cards)["indicators"]
    trends = [
        Trend(code, names[code], s["unit"], s["labels"], s["values"], s["expected"], s["target"])
        for code, s in series.items()
        if s["labels"]
    ]
    return rows, trends


def _tasks(scope: ReportScope) -> list[TaskRow]:
    """The key tasks with their owners and the status reported for the period (for a year, the
    latest quarter of it reported, R8.2): the lead bureau's report, else a co-operating
    bureau's."""
    _bureaus, matrix = selectors.ownership_matrix(periods=list(scope.periods))
    codes = {p.pk: str(p) for p in scope.periods}
    rows = []
    for line in matrix:
        task = line.task
        lead = [o.bureau.name for o in task.owners if o.role == OwnershipRole.LEAD]
        cooperating = [o.bureau.name for o in task.owners if o.role != OwnershipRole.LEAD]
        reported = [c for c in line.cells if c.report is not None]
        chosen = next((c for c in reported if c.role == OwnershipRole.LEAD), None)
        chosen = chosen or (reported[0] if reported else None)
        report = chosen.report if chosen else None
        label = str(TaskStatus(report.status).label) if report else _("Not reported")
        if report and scope.annual:
            label = f"{label}（{codes[report.period_id]}）"
        rows.append(
            TaskRow(
                number=task.number,
                group=task.group.title,
                title=task.title,
                lead="、".join(lead) or "—",
                cooperating=cooperating,
                status=report.status if report else "",
                status_label=label,
                percent_complete=report.percent_complete if report else None,
                reports=len(reported),
                owners=len(task.owners),
            )
        )
    return rows


def _completeness(scope: ReportScope, today: datetime.date):
    """Per bureau, what it owed and handed in over the report's due quarters, summed (R8.2)."""
    summed: dict[int, list] = {}
    for period in scope.due_periods:
        lines, _totals = selectors.submission_completeness(period, today)
        for line in lines:
            entry = summed.setdefault(line.bureau.pk, [line.bureau, 0, 0, 0])
            entry[1] += line.owed
            entry[2] += line.submitted
            entry[3] += line.on_time
    ordered = sorted(summed.values(), key=lambda e: (e[0].order, e[0].pk))
    rows = [
        CompletenessRow(
            bureau=bureau.name,
            owed=owed,
            submitted=submitted,
            on_time=on_time,
            completeness_rate=_rate(100 * submitted / owed if owed else 0.0),
            on_time_rate=_rate(100 * on_time / owed if owed else 0.0),
        )
        for bureau, owed, submitted, on_time in ordered
    ]
    owed = sum(row.owed for row in rows)
    submitted = sum(row.submitted for row in rows)
    on_time = sum(row.on_time for row in rows)
    return (
        rows,
        _rate(100 * submitted / owed if owed else 0.0),
        _rate(100 * on_time / owed if owed else 0.0),
    )


def _headlines(scope: ReportScope) -> list[HeadlineRow]:
    """The registers' headline figures counted to the report's as-of day (R8.1), not the last
    nightly run's (which are today's)."""
    rows = []
    for name, value in registry.headlines(scope.as_of).items():
        metric = registry.headline(name)
        value = None if value is None else Decimal(value)
        rows.append(HeadlineRow(name, str(metric.label), value, metric.unit))
    return rows


def _summary(scope, targets, tasks, completeness_rate, on_time_rate, counts) -> str:
    delayed = sum(1 for t in tasks if t.status == TaskStatus.DELAYED)
    return _(
        "For %(period)s, of the %(total)s targets of 2026, %(achieved)s are achieved, "
        "%(on_track)s on track, %(at_risk)s at risk, %(off_track)s off track and %(no_data)s "
        "without data. Bureaus have submitted %(completeness)s%% of the figures and task reports "
        "they owe (%(on_time)s%% on time); %(delayed)s of the %(tasks)s key tasks are reported "
        "delayed."
    ) % {
        "period": scope.label,
        "total": len(targets),
        "achieved": counts[ProgressStatus.ACHIEVED],
        "on_track": counts[ProgressStatus.ON_TRACK],
        "at_risk": counts[ProgressStatus.AT_RISK],
        "off_track": counts[ProgressStatus.OFF_TRACK],
        "no_data": counts[ProgressStatus.NO_DATA],
        "completeness": completeness_rate,
        "on_time": on_time_rate,
        "delayed": delayed,
        "tasks": len(tasks),
    }


def assemble_report(code: str, *, today: datetime.date | None = None) -> Report:
    """The assessment report of a quarter ("2026Q3") or a year ("2026")."""
    today = today or timezone.localdate()
    scope = resolve_scope(code, today)
    run = (
        ProgressRun.objects.filter(status=RunStatus.SUCCEEDED)
        .order_by("-started_at")
        .only("id", "started_at")
        .first()
    )
    targets, trends = _targets_and_trends(scope)
    tasks = _tasks(scope)
    completeness, completeness_rate, on_time_rate = _completeness(scope, today)
    counts = {status: 0 for status in ProgressStatus}
    for row in targets:
        counts[ProgressStatus(row.status)] += 1
    sections = []
    for registered in registered_sections():
        section = registered.build(scope)
        if section is not None:
            sections.append(section)
    return Report(
        code=scope.code,
        annual=scope.annual,
        title=REPORT_TITLE,
        district=settings.DISTRICT_NAME,
        period_label=scope.label,
        start=scope.start,
        end=scope.end,
        generated_on=today,
        data_version=run.pk if run else None,
        computed_at=run.started_at if run else None,
        summary=_summary(scope, targets, tasks, completeness_rate, on_time_rate, counts),
        status_counts={str(ProgressStatus(k).label): v for k, v in counts.items()},
        headlines=_headlines(scope),
        targets=targets,
        trends=trends,
        tasks=tasks,
        completeness=completeness,
        completeness_rate=completeness_rate,
        on_time_rate=on_time_rate,
        sections=sections,
        defaults_note=pending_note(),
        demo_mark=demo_mark(),
    )
