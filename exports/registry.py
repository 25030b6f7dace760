"""The list exports: what each filtered list writes to Excel, scoped by `visible_to(user)`.

A register adopts streaming exports by registering its list here (from its own module):

    register_export(ListExport(
        key="cases", title=_("Cases"), columns=[ExportColumn(_("Number"), lambda c: c.number)],
        queryset=lambda user, params: Case.objects.visible_to(user).filter(...),
        filename=lambda params: _("Cases") + ".xlsx"))

Small exports stream straight to the browser; above EXPORT_SYNC_ROWS rows they run as a Celery
job (exports.tasks.run_export) with a progress page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from targets.models import Figure
from targets.periods import PERIOD_CODE
from tasks_registry.models import TaskReport
from workflow.models import SubmissionState

from .streaming import NUMBER_FORMAT, PERCENT_FORMAT, ExportColumn


@dataclass(frozen=True)
class ListExport:
    key: str
    title: Any
    columns: list[ExportColumn]
    queryset: Callable[[Any, dict], QuerySet]  # (user, params) -> the scoped, filtered rows
    filename: Callable[[dict], str]  # params -> the download's (Chinese) name
    chunk_size: int = 2000

    def rows(self, user, params: dict):
        return self.queryset(user, params).iterator(chunk_size=self.chunk_size)


EXPORTS: dict[str, ListExport] = {}


def register_export(export: ListExport) -> ListExport:
    EXPORTS[export.key] = export
    return export


def get_export(key: str) -> ListExport:
    try:
        return EXPORTS[key]
    except KeyError:
        raise Http404("unknown export") from None


# Figures and task reports of a period ------------------------------------------------------------


def _period_filter(params: dict) -> dict:
    match = PERIOD_CODE.match(params.get("period", ""))
    if not match:
        raise Http404("unknown period")
    return {"period__year": int(match[1]), "period__quarter": int(match[2])}


def _common_filters(queryset: QuerySet, params: dict) -> QuerySet:
    """The list pages' filters: bureau (code) and workflow state."""
    if params.get("bureau"):
        queryset = queryset.filter(bureau__code=params["bureau"])
    if params.get("state") in SubmissionState.values:
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
            ExportColumn(gettext_lazy("State"), lambda f: str(f.get_state_display()), 10),
            ExportColumn(gettext_lazy("Submitted at"), lambda f: f.submitted_at, 18),
            ExportColumn(gettext_lazy("Note"), lambda f: f.note, 30),
            ExportColumn(gettext_lazy("Explanation"), lambda f: f.explanation, 30),
        ],
        queryset=figures_queryset,
        filename=lambda params: _("Figures %(period)s") % {"period": params["period"]} + ".xlsx",
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
                gettext_lazy("Progress status"), lambda r: str(r.get_status_display()), 10
            ),
            ExportColumn(
                gettext_lazy("Percent complete"), lambda r: r.percent_complete, 10, PERCENT_FORMAT
            ),
            ExportColumn(gettext_lazy("State"), lambda r: str(r.get_state_display()), 10),
            ExportColumn(gettext_lazy("Submitted at"), lambda r: r.submitted_at, 18),
            ExportColumn(gettext_lazy("Work done this quarter"), lambda r: r.work_done, 40),
            ExportColumn(gettext_lazy("Problems"), lambda r: r.problems, 30),
            ExportColumn(gettext_lazy("Next steps"), lambda r: r.next_steps, 30),
        ],
        queryset=task_reports_queryset,
        filename=lambda params: (
            _("Task reports %(period)s") % {"period": params["period"]} + ".xlsx"
        ),
    )
)
