"""The period lists' exports: the figures and task reports of a quarter (report page buttons)."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from targets.models import Figure
from targets.periods import PERIOD_CODE
from tasks_registry.models import TaskReport, TaskStatus
from workflow.models import SubmissionState

from .registry import ExportParamsError, ListExport, register_export
from .streaming import NUMBER_FORMAT, PERCENT_FORMAT, ExportColumn

UNKNOWN_PERIOD = gettext_lazy("“%(period)s” is not a quarter: write it like 2026Q3.")
UNKNOWN_STATE = gettext_lazy("“%(state)s” is not a workflow state.")
UNKNOWN_TASK = gettext_lazy("“%(task)s” is not a key task number.")


def _period_filter(params: dict) -> dict:
    match = PERIOD_CODE.match(params.get("period", ""))
    if not match:
        raise ExportParamsError(UNKNOWN_PERIOD % {"period": params.get("period", "")})
    return {"period__year": int(match[1]), "period__quarter": int(match[2])}


def _common_filters(queryset: QuerySet, params: dict) -> QuerySet:
    """The list pages' filters: bureau (code) and workflow state."""
    if params.get("bureau"):
        queryset = queryset.filter(bureau__code=params["bureau"])
    if params.get("state"):
        if params["state"] not in SubmissionState.values:
            raise ExportParamsError(UNKNOWN_STATE % {"state": params["state"]})
        queryset = queryset.filter(state=params["state"])
    return queryset


def figures_queryset(user, params: dict) -> QuerySet[Figure]:
    queryset = Figure.objects.visible_to(user).filter(**_period_filter(params))
    if params.get("indicator"):
        queryset = queryset.filter(indicator__code=params["indicator"])
    return (
        _common_filters(queryset, params)
        .select_related("indicator", "bureau", "period")
        .order_by("indicator__order", "indicator__id", "bureau__order", "bureau__id", "id")
    )


def task_reports_queryset(user, params: dict) -> QuerySet[TaskReport]:
    queryset = TaskReport.objects.visible_to(user).filter(**_period_filter(params))
    if params.get("task"):
        if not params["task"].isdecimal():
            raise ExportParamsError(UNKNOWN_TASK % {"task": params["task"]})
        queryset = queryset.filter(task__number=params["task"])
    return (
        _common_filters(queryset, params)
        .select_related("task", "bureau", "period")
        .order_by("task__number", "bureau__order", "bureau__id", "id")
    )


FIGURES = register_export(
    ListExport(
        key="figures",
        title=gettext_lazy("Figures"),
        columns=[
            ExportColumn(gettext_lazy("Period"), lambda f: str(f.period), 10),
            ExportColumn(gettext_lazy("Code"), lambda f: f.indicator.code, 8),
            ExportColumn(gettext_lazy("Indicator"), lambda f: f.indicator.name, 30),
            ExportColumn(gettext_lazy("Bureau"), lambda f: f.bureau.name, 22),
            ExportColumn(gettext_lazy("Value"), lambda f: f.value, 14, NUMBER_FORMAT),
            ExportColumn(gettext_lazy("Unit"), lambda f: f.indicator.unit, 8),
            ExportColumn(
                gettext_lazy("State"), lambda f: f.state, 10, choices=SubmissionState.choices
            ),
            ExportColumn(gettext_lazy("Submitted at"), lambda f: f.submitted_at, 18),
            ExportColumn(gettext_lazy("Note"), lambda f: f.note, 30),
            ExportColumn(gettext_lazy("Explanation"), lambda f: f.explanation, 30),
        ],
        queryset=figures_queryset,
        filename=lambda params: _("Figures %(period)s") % {"period": params["period"]} + ".xlsx",
        fallback=lambda params: f"figures-{params['period']}.xlsx",
    )
)

TASK_REPORTS = register_export(
    ListExport(
        key="task_reports",
        title=gettext_lazy("Task reports"),
        columns=[
            ExportColumn(gettext_lazy("Period"), lambda r: str(r.period), 10),
            ExportColumn(gettext_lazy("No."), lambda r: r.task.number, 6),
            ExportColumn(gettext_lazy("Key task"), lambda r: r.task.title, 30),
            ExportColumn(gettext_lazy("Bureau"), lambda r: r.bureau.name, 22),
            ExportColumn(
                gettext_lazy("Progress status"), lambda r: r.status, 10, choices=TaskStatus.choices
            ),
            ExportColumn(
                gettext_lazy("Percent complete"), lambda r: r.percent_complete, 10, PERCENT_FORMAT
            ),
            ExportColumn(
                gettext_lazy("State"), lambda r: r.state, 10, choices=SubmissionState.choices
            ),
            ExportColumn(gettext_lazy("Submitted at"), lambda r: r.submitted_at, 18),
            ExportColumn(gettext_lazy("Work done this quarter"), lambda r: r.work_done, 40),
            ExportColumn(gettext_lazy("Problems"), lambda r: r.problems, 30),
            ExportColumn(gettext_lazy("Next steps"), lambda r: r.next_steps, 30),
        ],
        queryset=task_reports_queryset,
        filename=lambda params: (
            _("Task reports %(period)s") % {"period": params["period"]} + ".xlsx"
        ),
        fallback=lambda params: f"task-reports-{params['period']}.xlsx",
    )
)
