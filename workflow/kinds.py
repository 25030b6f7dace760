"""The two kinds of submitted item, described once so the pages treat them alike."""

from dataclasses import dataclass

from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from targets.models import Figure, Indicator, IndicatorSource, Period
from tasks_registry.models import TaskOwnership, TaskReport


@dataclass(frozen=True)
class ItemKind:
    slug: str
    label: str
    model: type[Model]


FIGURE = ItemKind("figure", _("Figure"), Figure)
TASK_REPORT = ItemKind("task", _("Task report"), TaskReport)
KINDS = {kind.slug: kind for kind in (FIGURE, TASK_REPORT)}


def owed_figures(bureau_id: int | None = None):
    """(indicator, bureau) pairs: every indicator a bureau reports as figures."""
    indicators = Indicator.objects.filter(
        source=IndicatorSource.FIGURE, reporting_bureau__isnull=False
    ).select_related("reporting_bureau")
    if bureau_id is not None:
        indicators = indicators.filter(reporting_bureau_id=bureau_id)
    return [(indicator, indicator.reporting_bureau) for indicator in indicators]


def owed_task_reports(period: Period, bureau_id: int | None = None) -> list[tuple]:
    """(task, bureau) pairs: every key task a bureau leads or co-operates on in the period.

    Ownership holds from a period (and until one), so an owner added later never owes the
    quarters before it, and one that left still owes the quarters it held."""
    ownerships = TaskOwnership.objects.held_in(period).select_related("task", "bureau")
    if bureau_id is not None:
        ownerships = ownerships.filter(bureau_id=bureau_id)
    return [(o.task, o.bureau) for o in ownerships.order_by("task__number", "bureau__order")]
