"""The activities register's countable facts, for indicators 5.1 and 5.2 (see targets/metrics.py).

Both are annual floors: each metric answers what happened in each quarter, by organising bureau,
and the progress engine adds the quarters of a calendar year up (starting again each January).
"""

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from targets.metrics import register

from .models import Activity, ActivityKind, AudienceKind

PUBLICITY_EVENTS = "tasks_registry.publicity_events"
TRAINING_PERSON_TIMES = "tasks_registry.training_person_times"


def _by_period(periods, kind: str, value, **only) -> dict:
    periods = list(periods)
    if not periods:
        return {}
    start = min(p.start_date for p in periods)
    end = max(p.end_date for p in periods)
    rows = (
        Activity.objects.filter(kind=kind, date__range=(start, end), **only)
        .values("date__year", "date__quarter", "bureau_id")
        .annotate(value=value)
        .order_by()
    )
    index = {(p.year, p.quarter): p.pk for p in periods}
    out: dict[int, dict] = {}
    for row in rows:
        period_id = index.get((row["date__year"], row["date__quarter"]))
        if period_id is not None:
            out.setdefault(period_id, {})[row["bureau_id"]] = Decimal(row["value"] or 0)
    # A quarter with no activity is left out: the engine counts it as nothing new that year.
    return out


@register(PUBLICITY_EVENTS, label=_("Publicity events held"))
def publicity_events(periods):
    return _by_period(periods, ActivityKind.EVENT, Count("id"))


@register(TRAINING_PERSON_TIMES, label=_("Training attendance (person-times)"))
def training_person_times(periods):
    """R3.5: the plan's 5.2 counts 企事业单位职工 only: trainings for cadres, schools or
    communities are not in it."""
    return _by_period(
        periods, ActivityKind.TRAINING, Sum("person_times"), audience=AudienceKind.ENTERPRISES
    )
