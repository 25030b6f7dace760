"""The case register's countable facts, for the nightly progress computation (targets/metrics.py).

Each metric answers per quarter and per handling bureau with one grouped query. A case is counted
once, under the bureau that registered it, whether or not it was transferred since, and dated as
every other page dates it (R8.3: selectors.case_counts and its date fields).

- enforcement.cases_filed / enforcement.cases_filed.<ip type>: cases filed in the quarter
- enforcement.cases_closed / enforcement.cases_closed.<ip type>: cases closed in the quarter
- enforcement.fines: fines (yuan) of the cases decided in the quarter
- enforcement.transfers: cases transferred to another agency in the quarter (by sending bureau)
- enforcement.days_to_decision: average days from filing to decision of the cases decided in the
  quarter (a level, not a count: use it with stock or ratio indicators, not annual floors)
- headline enforcement.cases_closed_this_year: cases closed since 1 January
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils.translation import gettext_lazy as _

from ipcity.money import MoneySum
from targets.metrics import register, register_headline

from .models import Case, IPType, Transfer
from .selectors import CLOSED_ON, DECIDED_ON, FILED_ON, case_counts, year_span


def _span(periods):
    periods = list(periods)
    if not periods:
        return periods, None, None
    return periods, min(p.start_date for p in periods), max(p.end_date for p in periods)


def _per_quarter(queryset, date_field: str, periods, value, bureau_field="bureau_id"):
    """{period id: {bureau id: value}} for rows whose `date_field` falls in each period."""
    periods, start, end = _span(periods)
    if not periods:
        return {}
    rows = (
        queryset.filter(**{f"{date_field}__gte": start, f"{date_field}__lte": end})
        .order_by()
        .annotate(y=ExtractYear(date_field), q=ExtractQuarter(date_field))
        .values("y", "q", bureau_field)
        .annotate(v=value)
    )
    found = defaultdict(dict)
    for row in rows:
        if row["v"] is not None:
            found[(row["y"], row["q"])][row[bureau_field]] = _number(row["v"])
    # A quarter with no cases counts zero (data), not "no data".
    return {p.pk: found.get((p.year, p.quarter), {None: Decimal(0)}) for p in periods}


def _number(value) -> Decimal:
    if isinstance(value, datetime.timedelta):  # an average duration: in days, to 0.1
        return (Decimal(value.total_seconds()) / 86400).quantize(Decimal("0.1"))
    return Decimal(value)


@register("enforcement.cases_filed", label=_("Enforcement cases filed"))
def cases_filed(periods):
    return _per_quarter(Case.objects.all(), FILED_ON, periods, Count("id"))


@register("enforcement.cases_closed", label=_("Enforcement cases closed"))
def cases_closed(periods):
    return _per_quarter(Case.objects.all(), CLOSED_ON, periods, Count("id"))


def _register_by_type(ip_type: IPType):
    @register(
        f"enforcement.cases_filed.{ip_type.value}",
        label=_("Enforcement cases filed: %(type)s") % {"type": ip_type.label},
    )
    def filed(periods):
        return _per_quarter(Case.objects.filter(ip_type=ip_type), FILED_ON, periods, Count("id"))

    @register(
        f"enforcement.cases_closed.{ip_type.value}",
        label=_("Enforcement cases closed: %(type)s") % {"type": ip_type.label},
    )
    def closed(periods):
        return _per_quarter(Case.objects.filter(ip_type=ip_type), CLOSED_ON, periods, Count("id"))


for _ip_type in IPType:
    _register_by_type(_ip_type)


@register("enforcement.fines", label=_("Fines imposed (yuan)"))
def fines(periods):
    return _per_quarter(Case.objects.all(), DECIDED_ON, periods, MoneySum("fine"))


@register("enforcement.transfers", label=_("Cases transferred to another agency"))
def transfers(periods):
    return _per_quarter(
        Transfer.objects.all(), "transferred_on", periods, Count("id"), "from_bureau_id"
    )


@register("enforcement.days_to_decision", label=_("Average days from filing to decision"))
def days_to_decision(periods):
    days = ExpressionWrapper(F("decided_on") - F("filed_on"), output_field=DurationField())
    raw = _per_quarter(Case.objects.exclude(decided_on=None), DECIDED_ON, periods, Avg(days))
    out = {}
    for period_id, parts in raw.items():
        converted = {}
        for bureau_id, value in parts.items():
            if bureau_id is None and value == 0:
                continue  # no decision that quarter: no average
            converted[bureau_id] = value
        if converted:
            out[period_id] = converted
    return out


@register_headline(
    "enforcement.cases_closed_this_year", label=_("Enforcement cases closed this year")
)
def cases_closed_this_year(today):
    """Closed from 1 January to `today`, by the closing step's date (R8.3)."""
    start, end = year_span(today.year, today)
    return case_counts(start=start, end=end).closed
