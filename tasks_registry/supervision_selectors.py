"""Reads of supervision items, each with a fixed number of queries whatever the data size."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from bureaus.models import Bureau

from .models import (
    OVERDUE,
    LeaderInstruction,
    SupervisionItem,
    SupervisionStatus,
    SupervisionUpdate,
    TaskReport,
)


def _with_related(items: QuerySet[SupervisionItem]) -> QuerySet[SupervisionItem]:
    return items.select_related("lead_bureau", "source_type").prefetch_related(
        Prefetch("cooperating_bureaus", queryset=Bureau.objects.order_by("order", "id"))
    )


def items_for(
    user,
    *,
    status: str = "",
    source: str = "",
    bureau_id: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet[SupervisionItem]:
    """The items this user may see, filtered; `status` may be "overdue" (not a stored state)."""
    today = today or timezone.localdate()
    items = SupervisionItem.objects.visible_to(user)
    if status == OVERDUE:
        items = items.overdue(today)
    elif status:
        items = items.filter(status=status)
    if source:
        items = items.filter(source=source)
    if bureau_id:
        items = items.filter(lead_bureau_id=bureau_id)
    return _with_related(items).annotate(update_count=Count("updates", distinct=True))


def open_on(day: datetime.date) -> QuerySet[SupervisionItem]:
    """The items open on `day` as their updates tell it (rulebook R8.5): created by then, and
    the latest update by then did not report the item done. Each carries `updated_by_day`."""
    updates_by_day = SupervisionUpdate.objects.filter(
        item=OuterRef("pk"), created_at__date__lte=day
    )
    latest_reports_done = updates_by_day.order_by("-created_at", "-id").values("reports_done")[:1]
    return (
        _with_related(SupervisionItem.objects.filter(created_at__date__lte=day))
        .annotate(
            done_by_day=Coalesce(
                Subquery(latest_reports_done), Value(False), output_field=BooleanField()
            ),
            updated_by_day=Exists(updates_by_day),
        )
        .filter(done_by_day=False)
        .order_by("deadline", "id")
    )


def state_on(item: SupervisionItem, day: datetime.date) -> str:
    """An item of `open_on(day)`'s status on that day: overdue, in progress or open."""
    if item.deadline < day:
        return OVERDUE
    return SupervisionStatus.IN_PROGRESS if item.updated_by_day else SupervisionStatus.OPEN


def overdue_supervision_items(
    today: datetime.date | None = None, *, bureau_id: int | None = None
) -> list[SupervisionItem]:
    """Items not done by their deadline, most overdue first: for the office dashboard and a
    bureau's to-do (with `bureau_id`, the items it leads or co-operates on). Two queries."""
    today = today or timezone.localdate()
    items = SupervisionItem.objects.overdue(today)
    if bureau_id is not None:
        items = items.filter(lead_bureau_id=bureau_id) | items.filter(cooperating_bureaus=bureau_id)
        items = items.distinct()
    items = list(_with_related(items).order_by("deadline", "id"))
    for item in items:
        item.days_overdue = -item.remaining_days(today)
    return items


def updates_of(item: SupervisionItem) -> QuerySet[SupervisionUpdate]:
    return item.updates.select_related("author", "bureau").prefetch_related("evidence")


def source_of(item: SupervisionItem):
    """The record the item came from, with what its page needs to show it."""
    record = item.source_record
    if isinstance(record, LeaderInstruction):
        record = LeaderInstruction.objects.select_related("author", "target_type").get(pk=record.pk)
        record.target_url = target_url(record.target)
    return record


def target_url(target) -> str:
    """The page of what an instruction is written on."""
    from django.urls import reverse

    from targets.models import Indicator

    from .models import KeyTask

    if isinstance(target, KeyTask):
        return reverse("tasks_registry:task-detail", args=[target.number])
    if isinstance(target, Indicator):
        return reverse("reports:indicator", args=[target.code])
    if isinstance(target, TaskReport):
        return target.get_absolute_url()
    return ""


def instructions_on(target) -> QuerySet[LeaderInstruction]:
    """A key task's, report's or indicator's instructions, each with its item and updates."""
    return LeaderInstruction.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("author")


def instruction_items(instructions) -> dict[int, SupervisionItem]:
    """Instruction id to the item it became, with the bureaus' updates (two queries)."""
    ids = [i.pk for i in instructions]
    items = (
        SupervisionItem.objects.filter(
            source_type=ContentType.objects.get_for_model(LeaderInstruction), source_id__in=ids
        )
        .select_related("lead_bureau")
        .prefetch_related(
            Prefetch(
                "updates", queryset=SupervisionUpdate.objects.select_related("bureau", "author")
            )
        )
    )
    return {item.source_id: item for item in items}


def problems_to_raise(limit: int = 50) -> list[TaskReport]:
    """Submitted or approved task reports that name problems the office has not taken up yet."""
    raised = SupervisionItem.objects.filter(
        source_type=ContentType.objects.get_for_model(TaskReport)
    ).values("source_id")
    return list(
        TaskReport.objects.exclude(problems="")
        .filter(state__in=("submitted", "approved"))
        .exclude(pk__in=raised)
        .select_related("task", "bureau", "period")
        .order_by("-period__year", "-period__quarter", "task__number")[:limit]
    )


def status_counts(items: QuerySet[SupervisionItem], today: datetime.date) -> dict[str, int]:
    counts = dict(items.order_by().values_list("status").annotate(n=Count("id", distinct=True)))
    counts[OVERDUE] = items.overdue(today).count()
    counts.setdefault(SupervisionStatus.DONE, 0)
    return counts
