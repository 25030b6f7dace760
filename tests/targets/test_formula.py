"""Formulas over other indicators: arithmetic only, nothing else is evaluated."""

from decimal import Decimal

import pytest

from targets.progress import Formula, FormulaError


def test_it_evaluates_arithmetic_over_indicator_codes():
    formula = Formula.parse("-({2.1} - {1.0}) / {2.3.1} * 10000")
    assert formula.codes == ("2.1", "1.0", "2.3.1")
    values = {"2.1": Decimal(700), "1.0": Decimal(200), "2.3.1": Decimal(500_000)}
    assert formula.evaluate(values) == Decimal(-10)


def test_it_has_no_value_when_dividing_by_zero():
    assert Formula.parse("{a} / {b}").evaluate({"a": Decimal(1), "b": Decimal(0)}) is None


@pytest.mark.parametrize(
    "text", ["__import__('os').system('true')", "{a} ** 2", "{a}.real", "'x'", "{a} +"]
)
def test_it_refuses_anything_but_arithmetic(text):
    with pytest.raises(FormulaError):
        Formula.parse(text)
