"""Money sums: every sum of an amount of yuan goes through `MoneySum`, so a page says
"30000.00 元" on SQLite as on PostgreSQL (SQLite's sums of decimals come back without their cents,
or as floats) and a sum of nothing is 0.00, not None. docs/rules.md R9."""

from decimal import Decimal

from django.db.models import DecimalField, Sum

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
WAN = Decimal(10000)
YUAN, WAN_YUAN = "元", "万元"


def cents(value) -> Decimal:
    """A yuan amount rounded to the cent (half up, as a bank rounds); None counts as nothing."""
    if value is None:
        return ZERO
    return Decimal(str(value)).quantize(CENT, rounding="ROUND_HALF_UP")


class MoneySum(Sum):
    """Sum of a money column, as Decimal rounded to the cent; 0.00 when nothing is summed."""

    def __init__(self, *expressions, **extra):
        extra.setdefault("output_field", DecimalField(max_digits=20, decimal_places=2))
        super().__init__(*expressions, **extra)

    def convert_value(self, value, expression, connection):
        return cents(value)


def amount_text(value, unit: str = YUAN) -> str:
    """An amount of yuan as every page and report writes it (R9.2): a comma every three digits
    and two decimals, in 万元 when the table's unit is 万元. Chinese number formats group nothing,
    so this is not left to the locale."""
    if value is None or value == "":
        return "—"
    if unit == WAN_YUAN:
        return f"{cents(Decimal(str(value)) / WAN):,.2f}"
    if unit != YUAN:
        raise ValueError(f"not a unit of money: {unit}")
    return f"{cents(value):,.2f}"
