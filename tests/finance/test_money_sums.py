"""R9: a sum of yuan is a Decimal rounded to the cent on every database, 0.00 when empty."""

import datetime
from decimal import Decimal

import pytest

from finance.models import PledgeLoan, Spending
from finance.services import line_spent
from tests.finance.conftest import make_loan

pytestmark = pytest.mark.django_db


def spend(line, amount):
    day = datetime.date(2025, 3, 1)
    Spending.objects.create(budget_line=line, spent_on=day, amount=Decimal(amount), description="x")


def test_it_keeps_the_cents_of_a_sum_of_whole_yuan(budget_line):
    """R9's example: 30000 + 0.10 + 0.20 spent is "30000.30", never 30000.300000000003."""
    spend(budget_line, "30000")
    assert str(line_spent(budget_line)) == "30000.00"
    spend(budget_line, "0.10")
    spend(budget_line, "0.20")
    assert str(line_spent(budget_line)) == "30000.30"


def test_it_sums_nothing_to_zero_yuan_and_cents(budget_line):
    assert str(line_spent(budget_line)) == "0.00"
    assert str(PledgeLoan.objects.amount_outstanding_at(datetime.date(2025, 1, 1))) == "0.00"


def test_it_shows_the_same_text_for_an_outstanding_balance(firm):
    make_loan(firm, amount="1000000")
    make_loan(firm, amount="0.05")
    day = datetime.date(2025, 12, 31)
    assert str(PledgeLoan.objects.amount_outstanding_at(day)) == "1000000.05"
