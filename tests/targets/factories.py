"""Hand-built indicators, periods and figures for the progress engine's tests."""

import datetime
from decimal import Decimal

from bureaus.models import Bureau
from targets.models import (
    Figure,
    FigureState,
    Indicator,
    IndicatorKind,
    IndicatorSource,
    Period,
    Progress,
    TargetArea,
)
from targets.services import progress_compute

# After the deadline, so every period a test creates has begun.
TODAY = datetime.date(2027, 1, 15)


def period(year: int, quarter: int) -> Period:
    return Period.objects.get_or_create(
        year=year, quarter=quarter, defaults={"due_date": Period.default_due_date(year, quarter)}
    )[0]


def indicator(code: str, kind: str = IndicatorKind.STOCK, target="900", **fields) -> Indicator:
    fields.setdefault("source", IndicatorSource.FIGURE)
    return Indicator.objects.create(
        code=code,
        area=TargetArea.objects.get(number=2),
        name=f"test {code}",
        kind=kind,
        target_value=None if target is None else Decimal(target),
        target_text="test",
        **fields,
    )


def figure(ind: Indicator, year: int, quarter: int, value, bureau: str = "market", **fields):
    fields.setdefault("state", FigureState.APPROVED)
    return Figure.objects.create(
        indicator=ind,
        bureau=Bureau.objects.get(code=bureau),
        period=period(year, quarter),
        value=Decimal(str(value)),
        **fields,
    )


def compute(today: datetime.date = TODAY):
    return progress_compute(trigger="test", today=today)


def progress_at(ind: Indicator, year: int, quarter: int) -> Progress:
    return Progress.objects.get(indicator=ind, period__year=year, period__quarter=quarter)


def snapshot() -> list[tuple]:
    fields = ["id", "indicator_id", "period_id", "level", "value", "target_value"]
    fields += ["baseline_value", "percent_of_target", "expected_percent", "projected_value"]
    fields += ["status", "reported", "contributions"]
    return list(Progress.objects.order_by("id").values_list(*fields))
