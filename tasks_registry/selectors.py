"""Reads of the programme, each with a fixed number of queries whatever the data size."""

from django.db.models import Prefetch, QuerySet

from targets.models import Indicator, TargetArea

from .models import KeyTask, TaskGroup, TaskOwnership


def _ownerships(held_in=None) -> Prefetch:
    """The owners now and from a coming period, or those that held in a period (R5.4)."""
    rows = TaskOwnership.objects.held_in(held_in) if held_in else TaskOwnership.objects.open()
    return Prefetch(
        "ownerships",
        queryset=rows.select_related("bureau", "from_period", "confirmed_by"),
        to_attr="owners",
    )


def target_areas_with_indicators() -> QuerySet[TargetArea]:
    indicators = Indicator.objects.filter(is_auxiliary=False).select_related("reporting_bureau")
    return TargetArea.objects.prefetch_related(Prefetch("indicators", queryset=indicators))


def task_groups_with_tasks() -> QuerySet[TaskGroup]:
    tasks = KeyTask.objects.prefetch_related(_ownerships())
    return TaskGroup.objects.prefetch_related(Prefetch("tasks", queryset=tasks))


def key_tasks(held_in=None) -> QuerySet[KeyTask]:
    return KeyTask.objects.select_related("group").prefetch_related(_ownerships(held_in))
