"""Reads of the case register: the list's bounded pagination, the one definition of each count
(`case_counts`, R8.3) and the statistics page's aggregates, each a single grouped query."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import cached_property

from bureaus.models import Bureau
from ipcity.money import MoneySum

from .models import Case, CaseStatus, IPType, Proceeding, Transfer, TransferStatus

ZERO = Decimal("0")
# The list counts this many matching cases at most: beyond it, the user narrows the filter.
COUNT_CAP = 10_000


class BoundedPaginator(Paginator):
    """Pages that count at most `cap` rows.

    COUNT(*) over every matching case is what makes a list page (and the Django admin's
    changelist) slow on a register of hundreds of thousands of rows: it reads them all. Counting
    through a LIMIT stops after `cap` + 1, so a page costs the same at any size; past the cap the
    page says "more than" and offers the first cap ÷ per_page pages.
    """

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap or COUNT_CAP

    @cached_property
    def found(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self.found, self.cap)

    @property
    def capped(self) -> bool:
        return self.found > self.cap


# The date that puts a case in a span, per count (R8.3): decided_on and closed_on are the dates
# of the decision and closing steps (services.STEP_DATES), the metrics group by the same fields.
FILED_ON = "filed_on"
DECIDED_ON = "decided_on"
CLOSED_ON = "closed_on"
TRANSFERRED_ON = "transfers__transferred_on"
AMOUNTS = ("illegal_gains", "fine", "confiscation", "damages")


@dataclass(frozen=True)
class CaseCounts:
    """The register's counts over a span of days, each dated as R8.3 says."""

    filed: int
    decided: int
    closed: int
    transfers: int
    amounts: dict[str, Decimal]


def _within(field: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    bounds = {}
    if start is not None:
        bounds[f"{field}__gte"] = start
    if end is not None:
        bounds[f"{field}__lte"] = end
    return Q(**bounds) if bounds else Q(**{f"{field}__isnull": False})


def case_counts(
    queryset=None, *, start: datetime.date | None, end: datetime.date | None
) -> CaseCounts:
    """THE count of cases filed, decided and closed, of the amounts decided and of transfers,
    from `start` to `end` (either open), in one query: the dashboard's headline, the statistics
    page, the reports and the metrics all count through this definition."""
    queryset = Case.objects.all() if queryset is None else queryset
    decided = _within(DECIDED_ON, start, end)
    totals = queryset.order_by().aggregate(
        filed=Count("id", filter=_within(FILED_ON, start, end)),
        decided=Count("id", filter=decided),
        closed=Count("id", filter=_within(CLOSED_ON, start, end)),
        # A case is transferred at most once (Transfer's unique constraint): the join adds no
        # rows to count twice.
        transfers=Count("transfers", filter=_within(TRANSFERRED_ON, start, end)),
        **{name: MoneySum(name, filter=decided) for name in AMOUNTS},
    )
    return CaseCounts(
        filed=totals["filed"],
        decided=totals["decided"],
        closed=totals["closed"],
        transfers=totals["transfers"],
        amounts={name: totals[name] for name in AMOUNTS},
    )


def year_span(year: int | None, as_of: datetime.date | None = None):
    """1 January of `year` to 31 December, or to `as_of` when it falls earlier (R8.1)."""
    if year is None:
        return None, as_of
    end = datetime.date(year, 12, 31)
    return datetime.date(year, 1, 1), min(end, as_of) if as_of else end


@dataclass
class Statistics:
    year: int | None
    total: int = 0
    decided: int = 0
    closed: int = 0
    amounts: dict = field(default_factory=dict)
    average_days: Decimal | None = None
    by_ip_type: list = field(default_factory=list)
    by_proceeding: list = field(default_factory=list)
    by_status: list = field(default_factory=list)
    by_month: list = field(default_factory=list)
    by_bureau: list = field(default_factory=list)
    by_town: list = field(default_factory=list)
    transfers: list = field(default_factory=list)
    transfers_total: int = 0
    transfers_pending: int = 0

    def chart_data(self) -> dict:
        """Plain lists for the charts (json_script), labels already translated."""
        return {
            "ip_type": [[str(label), n] for label, n in self.by_ip_type],
            "proceeding": [[str(label), n] for label, n in self.by_proceeding],
            "month": [[label, n] for label, n in self.by_month],
            "bureau": [[label, n] for label, n in self.by_bureau],
            "town": [[label, n] for label, n in self.by_town],
        }


def _labelled(rows, enum) -> list[tuple[str, int]]:
    counts = {row["key"]: row["n"] for row in rows}
    return [(label, counts.get(value, 0)) for value, label in enum.choices]


def case_statistics(
    queryset, *, year: int | None, as_of: datetime.date | None = None
) -> Statistics:
    """The given (already scoped) cases in `year` (all years when None) up to `as_of`: the
    counts and amounts of case_counts (each by its own date, R8.3), and the breakdowns of the
    cases filed in the span."""
    start, end = year_span(year, as_of)
    counts = case_counts(queryset, start=start, end=end)
    scoped, queryset = queryset, queryset.filter(_within(FILED_ON, start, end))
    stats = Statistics(year=year, total=counts.filed, decided=counts.decided, closed=counts.closed)
    days = ExpressionWrapper(F("decided_on") - F("filed_on"), output_field=DurationField())
    totals = queryset.aggregate(
        average=Avg(days, filter=Q(decided_on__isnull=False)),
        punitive=Count("id", filter=Q(punitive_damages=True)),
        joint=Count("id", filter=Q(joint_enforcement=True)),
        credit=Count("id", filter=Q(credit_flag=True)),
    )
    stats.amounts = dict(counts.amounts)
    stats.amounts.update({k: totals[k] for k in ("punitive", "joint", "credit")})
    average = totals["average"]
    if average is not None:
        stats.average_days = (Decimal(average.total_seconds()) / 86400).quantize(Decimal("0.1"))

    def grouped(key):
        return queryset.order_by().values(key=F(key)).annotate(n=Count("id"))

    stats.by_ip_type = _labelled(grouped("ip_type"), IPType)
    stats.by_proceeding = _labelled(grouped("proceeding"), Proceeding)
    stats.by_status = _labelled(grouped("status"), CaseStatus)
    months = (
        queryset.order_by()
        .annotate(month=TruncMonth("filed_on"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    last = end and min(end, timezone.localdate())  # no month to come
    stats.by_month = _every_month({_month(row["month"]): row["n"] for row in months}, start, last)
    bureaus = (
        queryset.order_by()
        .values("bureau__name", "bureau__order")
        .annotate(n=Count("id"), fine=MoneySum("fine"))
        .order_by("bureau__order", "bureau__name")
    )
    stats.by_bureau = [(row["bureau__name"], row["n"]) for row in bureaus]
    towns = (
        queryset.order_by()
        .values("town__name", "town__order")
        .annotate(n=Count("id"))
        .order_by("town__order", "town__name")
    )
    stats.by_town = [(row["town__name"] or "—", row["n"]) for row in towns]
    transfers = (
        Transfer.objects.filter(case__in=scoped.order_by().values("pk"))
        .filter(_within("transferred_on", start, end))
        .values("from_bureau__name", "to_bureau__name")
        .annotate(n=Count("id"), pending=Count("id", filter=Q(status=TransferStatus.PENDING)))
        .order_by("from_bureau__name", "to_bureau__name")
    )
    stats.transfers = [
        (row["from_bureau__name"], row["to_bureau__name"], row["n"], row["pending"])
        for row in transfers
    ]
    stats.transfers_total = sum(row[2] for row in stats.transfers)
    stats.transfers_pending = sum(row[3] for row in stats.transfers)
    return stats


def _month(value) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return f"{value:%Y-%m}"


def _every_month(counts: dict[str, int], start, end) -> list[tuple[str, int]]:
    """Every month from the span's first to its last (today at the latest; without bounds, the
    first and last with a case), a month without cases as 0: a chart must not skip it."""
    first = _month(start) if start else min(counts, default=None)
    last = _month(end) if end else max(counts, default=None)
    if first is None or last is None:
        return []
    year, month = int(first[:4]), int(first[5:])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        label = f"{year:04d}-{month:02d}"
        out.append((label, counts.get(label, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def years_with_cases(queryset) -> list[int]:
    return sorted({d.year for d in queryset.order_by().dates("filed_on", "year")}, reverse=True)


def pending_transfers_for(bureau: Bureau | None):
    """Transfers waiting for this bureau to accept them."""
    if bureau is None:
        return Transfer.objects.none()
    return Transfer.objects.filter(to_bureau=bureau, status=TransferStatus.PENDING).select_related(
        "case", "from_bureau"
    )
