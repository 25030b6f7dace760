"""The metric registry: named, countable facts that indicators measure.

Each app registers its metrics from its own `metrics.py` (TargetsConfig.ready() imports every
app's `metrics` module), so this app never imports another app's models:

    from targets.metrics import register

    @register("enforcement.cases_closed", label=_("Cases closed"))
    def cases_closed(periods):
        ...  # one query for all periods
        return {period.pk: Decimal(n) for ...}

A metric is called once per computation with every period, and must answer with a fixed number
of queries. It returns, per period id, either a number or a dict of bureau id (None when not
attributed to a bureau) to number. What the number means follows the indicator's kind: for a
stock, ratio or growth target the level at the period's end; for an annual floor what happened in
that quarter (the engine adds the quarters up per calendar year). A period left out has no data.

A **headline** metric is one number the office dashboard shows as it is (cases closed this year,
pledge financing outstanding): `@register_headline("finance.pledge_outstanding", label=...)` on
`fn(today) -> number`. The nightly run stores every headline on its ProgressRun, so the dashboard
reads them without touching the registers.

A metric registered with `per_indicator=True` is called as `fn(indicators, periods)` and returns
the same per indicator id: that is how the approved figures of every indicator are read at once.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

Contributions = dict[int | None, Decimal]  # bureau id -> value
PeriodValues = dict[int, Contributions]  # period id -> contributions

APPROVED_FIGURES = "targets.approved_figures"


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    fn: Callable
    per_indicator: bool = False
    unit: str = ""  # a headline's unit when it is money ("元"), shown as R9.2 writes amounts


class MetricRegistry:
    def __init__(self):
        self._metrics: dict[str, Metric] = {}
        self._headlines: dict[str, Metric] = {}

    def register(self, name: str, *, label: str = "", per_indicator: bool = False):
        """Decorator: register `fn` under `name` (re-registering the same name replaces it)."""

        def decorator(fn: Callable) -> Callable:
            self._metrics[name] = Metric(name, label or name, fn, per_indicator)
            return fn

        return decorator

    def register_headline(self, name: str, *, label: str = "", unit: str = ""):
        """Decorator: register `fn(today)` as a headline figure of the office dashboard."""

        def decorator(fn: Callable) -> Callable:
            self._headlines[name] = Metric(name, label or name, fn, unit=unit)
            return fn

        return decorator

    def unregister(self, name: str) -> None:
        self._metrics.pop(name, None)
        self._headlines.pop(name, None)

    def headline(self, name: str) -> Metric | None:
        return self._headlines.get(name)

    def headlines(self, today) -> dict[str, str]:
        """Every headline metric's value today, as text so it stores exactly in JSON."""
        out = {}
        for name in sorted(self._headlines):
            value = self._headlines[name].fn(today)
            out[name] = None if value is None else str(Decimal(value))
        return out

    def get(self, name: str) -> Metric | None:
        return self._metrics.get(name)

    def names(self) -> list[str]:
        return sorted(self._metrics)

    def evaluate(self, name: str, indicators: list, periods: list) -> dict[int, PeriodValues]:
        """Values of every indicator that names this metric; {} for all when it is unknown."""
        metric = self.get(name)
        if metric is None:
            return {}
        if metric.per_indicator:
            raw = metric.fn(indicators, periods)
            return {i.pk: _normalise(raw.get(i.pk, {})) for i in indicators}
        values = _normalise(metric.fn(periods))
        return {i.pk: values for i in indicators}


def _normalise(raw: Mapping) -> PeriodValues:
    """A plain number becomes {None: number}; None values mean no data and are dropped."""
    out: PeriodValues = {}
    for period_id, value in raw.items():
        if value is None:
            continue
        if isinstance(value, Mapping):
            parts = {b: Decimal(v) for b, v in value.items() if v is not None}
            if parts:
                out[period_id] = parts
        else:
            out[period_id] = {None: Decimal(value)}
    return out


registry = MetricRegistry()
register = registry.register
register_headline = registry.register_headline


@register(APPROVED_FIGURES, label=_("Bureaus' approved figures"), per_indicator=True)
def approved_figures(indicators: Iterable, periods: Iterable) -> dict[int, PeriodValues]:
    """Approved figures only: drafts, submitted and returned figures do not count."""
    from .models import Figure, FigureState

    rows = Figure.objects.filter(
        indicator__in=[i.pk for i in indicators],
        period__in=[p.pk for p in periods],
        state=FigureState.APPROVED,
        value__isnull=False,
    ).values_list("indicator_id", "period_id", "bureau_id", "value")
    out: dict[int, PeriodValues] = {}
    for indicator_id, period_id, bureau_id, value in rows:
        out.setdefault(indicator_id, {}).setdefault(period_id, {})[bureau_id] = value
    return out
