"""What makes a figure's value acceptable, and when it needs an explanation before submission.

The outlier rule (docs/rules.md R2.5) follows DHIS2's min-max check: a stock below the last
approved value, or a value more than OUTLIER_FACTOR times away from the median of the bureau's
REFERENCE_VALUES latest approved values (recent ones: a growing stock leaves old values far behind).
"""

from decimal import Decimal
from statistics import median

from django.utils.translation import gettext as _

from workflow.models import SubmissionState

from .models import Figure, Indicator, IndicatorKind

WHOLE_NUMBER_UNITS = frozenset({"件", "家", "次", "人次", "项", "个", "人"})
OUTLIER_FACTOR = Decimal(3)
REFERENCE_VALUES = 3


def value_errors(indicator: Indicator, value: Decimal | None) -> list[str]:
    """Hard rules: a figure breaking them can be neither saved nor submitted."""
    if value is None:
        return []
    errors = []
    if value < 0:
        errors.append(_("The value cannot be negative."))
    if indicator.unit in WHOLE_NUMBER_UNITS and value != value.to_integral_value():
        errors.append(_("%(unit)s are counted in whole numbers.") % {"unit": indicator.unit})
    return errors


def past_values(figure: Figure) -> list[Decimal]:
    """The bureau's approved values of this indicator before this period, oldest first."""
    return past_values_of([figure])[figure.pk]


def past_values_of(figures: list[Figure]) -> dict[int | None, list[Decimal]]:
    """past_values for many figures in one query (the grid and the review queue list many)."""
    approved = (
        Figure.objects.filter(
            indicator_id__in={f.indicator_id for f in figures},
            bureau_id__in={f.bureau_id for f in figures},
            state=SubmissionState.APPROVED,
            value__isnull=False,
        )
        .order_by("period__year", "period__quarter")
        .values_list("indicator_id", "bureau_id", "period__year", "period__quarter", "value")
    )
    by_series: dict[tuple, list] = {}
    for indicator, bureau, year, quarter, value in approved:
        by_series.setdefault((indicator, bureau), []).append(((year, quarter), value))
    return {
        f.pk: [
            value
            for when, value in by_series.get((f.indicator_id, f.bureau_id), [])
            if when < (f.period.year, f.period.quarter)
        ]
        for f in figures
    }


def unusual_value_reason(figure: Figure, history: list[Decimal] | None = None) -> str | None:
    """Why this value needs an explanation before it can be submitted, or None. `history` is
    past_values(figure), when the caller has read it for many figures at once."""
    if figure.value is None:
        return None
    history = past_values(figure) if history is None else history
    if not history:
        return None
    last = history[-1]
    if figure.indicator.kind == IndicatorKind.STOCK and figure.value < last:
        return _("It is lower than the last approved value (%(last)s).") % {
            "last": f"{last.normalize():f}"
        }
    middle = Decimal(median(history[-REFERENCE_VALUES:]))
    if middle > 0 and not (middle / OUTLIER_FACTOR <= figure.value <= middle * OUTLIER_FACTOR):
        return _(
            "It is more than 3 times away from the median of this bureau's three latest approved "
            "values (%(median)s)."
        ) % {"median": f"{middle.normalize():f}"}
    return None


def submission_errors(figure: Figure, history: list[Decimal] | None = None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if figure.value is None:
        errors["value"] = [_("Please enter a value before submitting.")]
    elif value_errors(figure.indicator, figure.value):
        errors["value"] = value_errors(figure.indicator, figure.value)
    reason = unusual_value_reason(figure, history)
    if reason and not figure.explanation.strip():
        errors["explanation"] = [reason + " " + _("Please explain it before submitting.")]
    return errors
