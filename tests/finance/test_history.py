"""Change history of subsidies, spending and budget lines: the user and the old and new values,
on every path, since the services (which the pages, the API and the imports call) set the user."""

import datetime
from decimal import Decimal

import pytest

from finance.models import InterestSubsidy
from finance.services import budget_note, subsidy_save
from tests.finance.conftest import make_loan
from tests.finance.test_subsidies_and_budget import spend, subsidy_data

pytestmark = pytest.mark.django_db
D = datetime.date


def last_change(record):
    new, old = record.history.order_by("-history_id")[:2]
    return new, {c.field: (c.old, c.new) for c in new.diff_against(old).changes}


def test_it_keeps_a_subsidy_change_with_the_user(alice, firm, policy):
    loan = make_loan(firm, "3650000", D(2025, 1, 1), rate=Decimal("3.65"))
    subsidy = subsidy_save(
        subsidy=InterestSubsidy(), user=alice, data={"loan": loan, **subsidy_data()}
    )
    subsidy_save(subsidy=subsidy, user=alice, data={"applied_amount": Decimal("1000")})
    row, changes = last_change(subsidy)
    assert row.history_user == alice
    assert changes["applied_amount"] == (Decimal("1825.00"), Decimal("1000.00"))


def test_it_keeps_spending_and_the_budget_note_with_the_user(alice, office, budget_line):
    spending = spend(alice, budget_line, "1000")
    assert spending.history.get().history_user == alice
    budget_note(line=budget_line, user=office, note="追加预算已批准")
    row = budget_line.history.order_by("-history_id").first()
    assert row.history_user == office and row.overspend_note == "追加预算已批准"
