"""The one calendar (rules R1.1–R1.4 in docs/rules.md): quarters, which are open, begun or ended,
and the "as of" date of each.

Reads only look periods up: a page or an API read never creates one (a typed URL such as
`/reporting/2001Q1/…` would otherwise add 2001Q1 to every dashboard and to the nightly run).
Periods are created by writes that need one (`ensure_period`) and by the calendar's own job
(`ensure_open_periods`, run before every progress computation and every reminder run).
"""

import datetime
import re

from django.http import Http404
from django.utils import timezone

from .models import Period

PERIOD_CODE = re.compile(r"^(\d{4})Q([1-4])\Z")
FIRST_YEAR, LAST_YEAR = 2000, 2100

Quarter = tuple[int, int]


def quarter_of(day: datetime.date) -> Quarter:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(year: int, quarter: int) -> Quarter:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def running_quarter(today: datetime.date | None = None) -> Quarter:
    """R1.1: the quarter today falls in (its data is provisional until it ends)."""
    return quarter_of(today or timezone.localdate())


def reporting_quarter(today: datetime.date | None = None) -> Quarter:
    """R1.1: the quarter bureaus are reporting on now: the last one that has ended."""
    return previous_quarter(*running_quarter(today))


def open_quarters(today: datetime.date | None = None) -> list[Quarter]:
    """R1.1: the reporting quarter (due now) and the running one (drafts may start), in order."""
    return [reporting_quarter(today), running_quarter(today)]


def has_ended(period: Period, today: datetime.date | None = None) -> bool:
    """R1.2: a period has ended once its last day is over."""
    return period.end_date < (today or timezone.localdate())


def has_begun(period: Period, today: datetime.date | None = None) -> bool:
    return period.start_date <= (today or timezone.localdate())


def as_of(period: Period, today: datetime.date | None = None) -> datetime.date:
    """R1.3: the date a period's figures stand at: its end, or today while it is running."""
    return min(period.end_date, today or timezone.localdate())


def code_of(year: int, quarter: int) -> str:
    return f"{year}Q{quarter}"


def parse_code(code: str | None) -> Quarter | None:
    """`2026Q3` to (2026, 3); None for anything else."""
    match = PERIOD_CODE.match(code or "")
    if not match or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        return None
    return int(match[1]), int(match[2])


# Reads: look up, never create --------------------------------------------------------------------


def find_period(year: int, quarter: int) -> Period | None:
    return Period.objects.filter(year=year, quarter=quarter).first()


def period_from_code(code: str | None) -> Period:
    """R1.4: the existing period named by `code`; 404 for a malformed or unknown one."""
    quarter = parse_code(code)
    period = find_period(*quarter) if quarter else None
    if period is None:
        raise Http404("unknown period")
    return period


def open_periods(today: datetime.date | None = None) -> list[Period]:
    """The open quarters that exist, oldest first (an empty list before the calendar's job)."""
    wanted = open_quarters(today)
    found = {
        (p.year, p.quarter): p
        for p in Period.objects.filter(year__in={y for y, _q in wanted}).order_by()
    }
    return [found[q] for q in wanted if q in found]


def begun_periods(today: datetime.date | None = None) -> list[Period]:
    """Every existing period that has begun, oldest first."""
    today = today or timezone.localdate()
    return [p for p in Period.objects.order_by("year", "quarter") if has_begun(p, today)]


def latest_ended(periods: list[Period], today: datetime.date | None = None) -> Period | None:
    """The latest of `periods` that has ended; else the latest that has begun (before the first
    quarter is over there is nothing else to show)."""
    ended = [p for p in periods if has_ended(p, today)]
    if ended:
        return ended[-1]
    return periods[-1] if periods else None


# Writes: create when needed ----------------------------------------------------------------------


def ensure_period(year: int, quarter: int) -> Period:
    """The period row, created with the default due date the first time a write needs it."""
    period, _ = Period.objects.get_or_create(
        year=year, quarter=quarter, defaults={"due_date": Period.default_due_date(year, quarter)}
    )
    return period


def ensure_period_from_code(code: str | None) -> Period:
    """For writes (a figure saved for 2026Q3): the period, created if it is a valid code."""
    quarter = parse_code(code)
    if quarter is None:
        raise Http404("unknown period")
    return ensure_period(*quarter)


def ensure_open_periods(today: datetime.date | None = None) -> list[Period]:
    """The calendar's own job: make sure the open quarters exist."""
    return [ensure_period(*q) for q in open_quarters(today)]
