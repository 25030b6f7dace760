"""The finance registers' countable facts, for the nightly progress computation.

Each metric answers every period with one query. Levels (demonstration enterprises, coverage,
outstanding financing, insured enterprises) are taken at the period's end date; flows (amount
granted, subsidies paid) are what happened within the quarter, which the engine adds up per
calendar year for annual targets. Amounts are in yuan.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ipcity.money import YUAN, MoneySum
from targets.metrics import register, register_headline

from .models import (
    Enterprise,
    InsurancePolicy,
    InterestSubsidy,
    PledgeLoan,
    certified_q,
    outstanding_q,
    recognised_q,
)

CATEGORIES = {
    "high_tech": ("is_high_tech", _("GB/T 29490 coverage of high-tech enterprises (%)")),
    "above_size": ("is_above_size", _("GB/T 29490 coverage of enterprises above size (%)")),
    "listed": ("is_listed", _("GB/T 29490 coverage of listed enterprises (%)")),
}


def _key(period) -> str:
    return f"p{period.pk}"


def _aggregate(queryset, periods, expression) -> dict[int, Decimal]:
    """One query: `expression(period)` evaluated for every period."""
    if not periods:
        return {}
    row = queryset.aggregate(**{_key(p): expression(p) for p in periods})
    return {p.pk: Decimal(row[_key(p)] or 0) for p in periods}


def _quarter(period, field: str) -> Q:
    return Q(**{f"{field}__gte": period.start_date, f"{field}__lte": period.end_date})


@register(
    "finance.demonstration_enterprises",
    label=_("Municipal-or-higher IP demonstration and advantage enterprises"),
)
def demonstration_enterprises(periods) -> dict[int, Decimal]:
    """Indicator 3.2: enterprises holding the status (municipal or national) at the period end."""
    return _aggregate(
        Enterprise.objects.all(), periods, lambda p: Count("pk", filter=recognised_q(p.end_date))
    )


@register("finance.certified_enterprises", label=_("Enterprises certified to GB/T 29490"))
def certified_enterprises(periods) -> dict[int, Decimal]:
    return _aggregate(
        Enterprise.objects.all(), periods, lambda p: Count("pk", filter=certified_q(p.end_date))
    )


def coverage(periods, flag: str) -> dict[int, Decimal]:
    """Task 5's full-coverage aim: % of the category holding a valid certificate at the end."""
    if not periods:
        return {}
    expressions = {"total": Count("pk", filter=Q(**{flag: True}))}
    for p in periods:
        expressions[_key(p)] = Count("pk", filter=Q(**{flag: True}) & certified_q(p.end_date))
    row = Enterprise.objects.aggregate(**expressions)
    if not row["total"]:
        return {}  # no enterprise in the category: no data rather than 0 %
    return {
        p.pk: (Decimal(100) * row[_key(p)] / row["total"]).quantize(Decimal("0.01"))
        for p in periods
    }


def _register_coverage(key: str, flag: str, label) -> None:
    def metric(periods):
        return coverage(periods, flag)

    register(f"finance.standard_coverage_{key}", label=label)(metric)


for _category, (_flag, _label) in CATEGORIES.items():
    _register_coverage(_category, _flag, _label)


@register("finance.pledge_amount_granted", label=_("IP pledge financing granted (yuan)"))
def pledge_amount_granted(periods) -> dict[int, Decimal]:
    return _aggregate(
        PledgeLoan.objects.all(),
        periods,
        lambda p: MoneySum("amount", filter=_quarter(p, "start_date")),
    )


@register("finance.pledge_amount_outstanding", label=_("IP pledge financing outstanding (yuan)"))
def pledge_amount_outstanding(periods) -> dict[int, Decimal]:
    return _aggregate(
        PledgeLoan.objects.all(),
        periods,
        lambda p: MoneySum("amount", filter=outstanding_q(p.end_date)),
    )


@register("finance.subsidies_paid", label=_("Interest subsidies paid (yuan)"))
def subsidies_paid(periods) -> dict[int, Decimal]:
    return _aggregate(
        InterestSubsidy.objects.all(),
        periods,
        lambda p: MoneySum("paid_amount", filter=_quarter(p, "paid_on")),
    )


@register("finance.insured_enterprises", label=_("Enterprises with IP insurance in force"))
def insured_enterprises(periods) -> dict[int, Decimal]:
    def in_force(p):
        day = p.end_date
        return Count("enterprise", distinct=True, filter=Q(starts_on__lte=day, ends_on__gte=day))

    return _aggregate(InsurancePolicy.objects.all(), periods, in_force)


@register_headline(
    "finance.pledge_outstanding", label=_("IP pledge financing outstanding (yuan)"), unit=YUAN
)
def pledge_outstanding(today: datetime.date | None = None) -> Decimal:
    return PledgeLoan.objects.amount_outstanding_at(today or timezone.localdate())
