"""Last quarter's item beside this quarter's, and the change between them (R11.1), read for many
items at once: the entry grid and the review queue list dozens."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from targets.models import Figure, Period
from targets.periods import previous_quarter
from tasks_registry.models import TaskReport

from .models import Evidence, SubmissionState

REPORTED = (SubmissionState.SUBMITTED, SubmissionState.APPROVED)


@dataclass(frozen=True)
class Change:
    """This quarter's number against last quarter's: a difference, and for figures a rate."""

    last: Decimal
    delta: Decimal
    percent: Decimal | None  # of last quarter's value, one decimal; None when it was 0
    points: bool  # percentage points (a task report's percent complete)


def measure(item) -> Decimal | None:
    """The number an item is compared by: a figure's value, a report's percent complete."""
    if isinstance(item, TaskReport):
        return Decimal(item.percent_complete)
    return item.value


def change(item, last) -> Change | None:
    """R11.1: None without a value on either side."""
    if item is None or last is None:
        return None
    now, before = measure(item), measure(last)
    if now is None or before is None:
        return None
    delta = now - before
    percent = None
    if not isinstance(item, TaskReport) and before != 0:
        percent = (100 * delta / before).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Change(before, delta, percent, isinstance(item, TaskReport))


SUBJECT = {Figure: "indicator_id", TaskReport: "task_id"}


def series_key(item) -> tuple:
    """Which item this is, saved or not: its model, subject, bureau and period."""
    return type(item), getattr(item, SUBJECT[type(item)]), item.bureau_id, item.period_id


def last_quarter_items(items) -> dict[tuple, Figure | TaskReport]:
    """Each item's reported item of the quarter before (R11.1), keyed by series_key(item): one
    query for the periods and one per model. Items must have `period` loaded."""
    wanted = {previous_quarter(i.period.year, i.period.quarter) for i in items}
    if not wanted:
        return {}
    where = Q()
    for year, quarter in wanted:
        where |= Q(year=year, quarter=quarter)
    periods = {(p.year, p.quarter): p.pk for p in Period.objects.filter(where)}
    out = {}
    for model, subject in SUBJECT.items():
        mine = [i for i in items if isinstance(i, model)]
        if not mine:
            continue
        keyed = {}
        for item in mine:
            period_id = periods.get(previous_quarter(item.period.year, item.period.quarter))
            if period_id:
                keyed[getattr(item, subject), item.bureau_id, period_id] = item
        found = model.objects.filter(
            state__in=REPORTED,
            period_id__in={k[2] for k in keyed},
            bureau_id__in={k[1] for k in keyed},
            **{f"{subject}__in": {k[0] for k in keyed}},
        )
        for last in found:
            item = keyed.get((getattr(last, subject), last.bureau_id, last.period_id))
            if item is not None:
                out[series_key(item)] = last
    return out


def evidence_counts(items) -> dict[tuple[type, int], int]:
    """How many evidence files each saved item has, keyed (model, pk): one query per model."""
    out = {}
    for model in (Figure, TaskReport):
        ids = [i.pk for i in items if isinstance(i, model) and i.pk]
        if not ids:
            continue
        rows = (
            Evidence.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id__in=ids
            )
            .values("object_id")
            .annotate(n=Count("id"))
        )
        out.update({(model, row["object_id"]): row["n"] for row in rows})
    return out
