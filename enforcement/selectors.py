"""Reads of the case register: the list's bounded pagination, and the statistics page's
aggregates, each a single grouped query."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth
from django.utils.functional import cached_property

from bureaus.models import Bureau
from ipcity.money import MoneySum

from .models import CaseStatus, IPType, Proceeding, Transfer, TransferStatus

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


@dataclass
class Statistics:
    year: int | None
    total: int = 0
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


def case_statistics(queryset, *, year: int | None) -> Statistics:
    """Counts and amounts of the given (already scoped) cases filed in `year` (all when None)."""
    if year:
        queryset = queryset.filter(filed_on__year=year)
    stats = Statistics(year=year)
    days = ExpressionWrapper(F("decided_on") - F("filed_on"), output_field=DurationField())
    totals = queryset.aggregate(
        total=Count("id"),
        closed=Count("id", filter=Q(status=CaseStatus.CLOSED)),
        illegal_gains=MoneySum("illegal_gains"),
        fine=MoneySum("fine"),
        confiscation=MoneySum("confiscation"),
        damages=MoneySum("damages"),
        average=Avg(days, filter=Q(decided_on__isnull=False)),
        punitive=Count("id", filter=Q(punitive_damages=True)),
        joint=Count("id", filter=Q(joint_enforcement=True)),
        credit=Count("id", filter=Q(credit_flag=True)),
    )
    stats.total = totals["total"]
    stats.closed = totals["closed"]
    stats.amounts = {
        key: totals[key] for key in ("illegal_gains", "fine", "confiscation", "damages")
    }
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
    stats.by_month = [(_month(row["month"]), row["n"]) for row in months]
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
        Transfer.objects.filter(case__in=queryset.order_by().values("pk"))
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


def years_with_cases(queryset) -> list[int]:
    return sorted({d.year for d in queryset.order_by().dates("filed_on", "year")}, reverse=True)


def pending_transfers_for(bureau: Bureau | None):
    """Transfers waiting for this bureau to accept them."""
    if bureau is None:
        return Transfer.objects.none()
    return Transfer.objects.filter(to_bureau=bureau, status=TransferStatus.PENDING).select_related(
        "case", "from_bureau"
    )
