"""Interest subsidies never exceed the interest due nor the cap; budgets and over-spending."""

import datetime
from decimal import Decimal

import pytest

from finance.models import InterestSubsidy, Spending, SubsidyPolicy
from finance.services import (
    NOT_YOURS,
    OFFICE_ONLY,
    FinanceError,
    budget_note,
    line_spent,
    spending_save,
    subsidy_save,
)
from tests.finance.conftest import make_loan

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def year_loan(firm, policy):
    """3,650,000 yuan at 3.65 %: 365 yuan of interest a day, from 1 January 2025."""
    return make_loan(firm, "3650000", D(2025, 1, 1), rate=Decimal("3.65"))


def subsidy_data(**fields):
    data = {
        "interest_from": D(2025, 1, 1),
        "interest_to": D(2025, 1, 10),  # 10 days: 3,650 yuan due, 1,825 at the 50 % share
        "applied_amount": Decimal("1825"),
        "applied_on": D(2025, 2, 1),
    }
    return data | fields


def test_it_grants_up_to_the_share_of_the_interest_due(alice, year_loan):
    subsidy = subsidy_save(
        subsidy=InterestSubsidy(),
        user=alice,
        data=subsidy_data(
            loan=year_loan, approved_amount=Decimal("1825"), approved_on=D(2025, 3, 1)
        ),
    )
    assert subsidy.policy.year == 2025 and subsidy.approved_amount == Decimal("1825")


def test_it_refuses_a_subsidy_above_the_interest_due(alice, year_loan):
    data = subsidy_data(
        loan=year_loan, approved_amount=Decimal("1825.01"), approved_on=D(2025, 3, 1)
    )
    with pytest.raises(FinanceError) as refused:
        subsidy_save(subsidy=InterestSubsidy(), user=alice, data=data)
    message = refused.value.errors["approved_amount"][0]
    assert "1825.00" in message and "3650.00" in message
    assert not InterestSubsidy.objects.exists()


def test_it_counts_no_interest_after_repayment(alice, firm, policy):
    loan = make_loan(
        firm,
        "3650000",
        D(2025, 1, 1),
        rate=Decimal("3.65"),
        status="repaid",
        closed_on=D(2025, 1, 6),
    )
    # 5 days outstanding: 1,825 due, 912.50 at 50 %
    data = subsidy_data(loan=loan, approved_amount=Decimal("912.51"), approved_on=D(2025, 3, 1))
    with pytest.raises(FinanceError):
        subsidy_save(subsidy=InterestSubsidy(), user=alice, data=data)
    data["approved_amount"] = Decimal("912.50")
    assert subsidy_save(subsidy=InterestSubsidy(), user=alice, data=data).pk


def test_it_refuses_a_subsidy_above_the_enterprises_yearly_cap(alice, firm, year_loan, policy):
    policy.cap_per_enterprise = Decimal("50000")
    policy.save()
    whole_year = {"interest_from": D(2025, 1, 1), "interest_to": D(2025, 12, 31)}
    # 133,225 yuan due for the year, 66,612.50 at 50 %, but the cap is 50,000
    first = subsidy_save(
        subsidy=InterestSubsidy(),
        user=alice,
        data=subsidy_data(
            loan=year_loan,
            approved_amount=Decimal("30000"),
            approved_on=D(2025, 3, 1),
            **whole_year,
        ),
    )
    second_loan = make_loan(firm, "3650000", D(2025, 1, 1), rate=Decimal("3.65"))
    data = subsidy_data(
        loan=second_loan,
        approved_amount=Decimal("20000.01"),
        approved_on=D(2025, 3, 1),
        **whole_year,
    )
    with pytest.raises(FinanceError) as refused:
        subsidy_save(subsidy=InterestSubsidy(), user=alice, data=data)
    message = refused.value.errors["approved_amount"][0]
    assert "20000.00" in message and "50000.00" in message and "30000.00" in message
    data["approved_amount"] = Decimal("20000")
    subsidy_save(subsidy=InterestSubsidy(), user=alice, data=data)
    # Changing the first one is checked against the others, not against itself.
    subsidy_save(subsidy=first, user=alice, data={"approved_amount": Decimal("30000")})


def test_it_never_pays_more_than_was_approved(alice, year_loan):
    data = subsidy_data(
        loan=year_loan,
        approved_amount=Decimal("1000"),
        approved_on=D(2025, 3, 1),
        paid_amount=Decimal("1000.01"),
        paid_on=D(2025, 4, 1),
    )
    with pytest.raises(FinanceError) as refused:
        subsidy_save(subsidy=InterestSubsidy(), user=alice, data=data)
    assert "paid_amount" in refused.value.errors


def test_it_needs_a_policy_for_the_year(alice, firm, policy):
    loan = make_loan(firm, "1000000", D(2024, 1, 1))
    data = subsidy_data(loan=loan, interest_from=D(2024, 1, 1), interest_to=D(2024, 3, 31))
    with pytest.raises(FinanceError) as refused:
        subsidy_save(subsidy=InterestSubsidy(), user=alice, data=data)
    assert "2024" in refused.value.errors["interest_from"][0]


def test_it_follows_the_policy_as_the_office_edits_it(alice, year_loan, policy):
    SubsidyPolicy.objects.filter(pk=policy.pk).update(share=Decimal("100"))
    data = subsidy_data(loan=year_loan, approved_amount=Decimal("3650"), approved_on=D(2025, 3, 1))
    assert subsidy_save(subsidy=InterestSubsidy(), user=alice, data=data).pk


def test_it_lets_only_the_loans_bureau_record_a_subsidy(bob, office, year_loan):
    for user in (bob, office):
        with pytest.raises(FinanceError) as refused:
            subsidy_save(subsidy=InterestSubsidy(), user=user, data=subsidy_data(loan=year_loan))
        assert refused.value.message == str(NOT_YOURS)


# Budget lines


def spend(user, line, amount):
    return spending_save(
        spending=Spending(),
        user=user,
        data={
            "budget_line": line,
            "spent_on": D(2025, 5, 1),
            "amount": Decimal(amount),
            "description": "贴息拨付",
        },
    )


def test_it_totals_spending_against_the_allocation(alice, budget_line):
    spend(alice, budget_line, "120000")
    spend(alice, budget_line, "80000")
    assert line_spent(budget_line) == Decimal("200000")  # exactly the allocation is fine


def test_it_refuses_over_spending_without_an_office_note(alice, office, budget_line):
    spend(alice, budget_line, "150000")
    with pytest.raises(FinanceError) as refused:
        spend(alice, budget_line, "50000.01")
    assert "200000.01" in refused.value.message and Spending.objects.count() == 1
    budget_note(line=budget_line, user=office, note="年中追加，经区政府同意。")
    spend(alice, budget_line, "50000.01")
    assert line_spent(budget_line) == Decimal("200000.01")


def test_it_lets_only_the_office_write_the_note(alice, leader, budget_line):
    for user in (alice, leader):
        with pytest.raises(FinanceError) as refused:
            budget_note(line=budget_line, user=user, note="同意")
        assert refused.value.message == str(OFFICE_ONLY)


def test_it_refuses_an_empty_note(office, budget_line):
    with pytest.raises(FinanceError):
        budget_note(line=budget_line, user=office, note="  ")


def test_it_lets_only_the_lines_bureau_record_spending(bob, office, budget_line):
    for user in (bob, office):
        with pytest.raises(FinanceError):
            spend(user, budget_line, "1")
