"""Reporting periods: the quarter a date falls in, and periods named like 2026Q3."""

import datetime
import re

from django.http import Http404
from django.utils import timezone

from .models import Period

PERIOD_CODE = re.compile(r"^(\d{4})Q([1-4])\Z")


def quarter_of(day: datetime.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def period_for(year: int, quarter: int) -> Period:
    """The period row, created with the default due date the first time it is needed."""
    period, _ = Period.objects.get_or_create(
        year=year, quarter=quarter, defaults={"due_date": Period.default_due_date(year, quarter)}
    )
    return period


def current_period(today: datetime.date | None = None) -> Period:
    """The quarter that is being reported on: the one today falls in."""
    return period_for(*quarter_of(today or timezone.localdate()))


def period_from_code(code: str) -> Period:
    """`2026Q3` to its period; 404 for anything else, so URLs cannot create odd periods."""
    match = PERIOD_CODE.match(code or "")
    if not match:
        raise Http404("unknown period")
    year, quarter = int(match[1]), int(match[2])
    if not 2000 <= year <= 2100:
        raise Http404("unknown period")
    return period_for(year, quarter)
