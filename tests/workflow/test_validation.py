"""Figure values: hard rules, and the outlier rule that asks for an explanation."""

from decimal import Decimal

import pytest

from targets.models import Indicator
from targets.validation import unusual_value_reason, value_errors
from tests.workflow.conftest import approved_history
from workflow.models import Action
from workflow.services import WorkflowError, save_draft, transition

pytestmark = pytest.mark.django_db


def test_it_refuses_negative_and_fractional_counts(patents):
    assert value_errors(patents, Decimal("-1")) == ["数值不能为负数。"]
    assert value_errors(patents, Decimal("1.5")) == ["件须为整数。"]
    assert value_errors(patents, Decimal("15")) == []


def test_a_ratio_may_be_fractional():
    assert value_errors(Indicator.objects.get(code="3.1"), Decimal("0.93")) == []


def test_a_falling_stock_needs_an_explanation(draft_figure, alice):
    approved_history(draft_figure.indicator, alice.bureau, [780, 790, 805])
    assert "低于上次审核通过的数值（805）" in unusual_value_reason(draft_figure)
    with pytest.raises(WorkflowError) as refused:
        transition(draft_figure, Action.SUBMIT, user=alice)
    assert "explanation" in refused.value.errors
    save_draft(draft_figure, user=alice, data={"explanation": "部分专利权期满终止"})
    transition(draft_figure, Action.SUBMIT, user=alice)


def test_a_value_far_from_the_median_needs_an_explanation(alice, q3):
    trademarks = Indicator.objects.get(code="3.3")  # a growth figure: not a stock
    approved_history(trademarks, alice.bureau, [100, 120, 110])
    from targets.models import Figure

    figure = Figure(indicator=trademarks, bureau=alice.bureau, period=q3, value=Decimal("400"))
    assert "3倍" in unusual_value_reason(figure)
    figure.value = Decimal("300")
    assert unusual_value_reason(figure) is None
    figure.value = Decimal("30")
    assert unusual_value_reason(figure) is not None


def test_a_first_value_is_never_unusual(draft_figure):
    assert unusual_value_reason(draft_figure) is None
