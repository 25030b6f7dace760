"""The registers' rules, through the services every page, API view and import uses."""

import datetime
from decimal import Decimal

import pytest

from finance.models import Enterprise, IPStatus, Level, LoanStatus, PledgeLoan
from finance.services import (
    NOT_YOURS,
    FinanceError,
    enterprise_save,
    insurance_save,
    loan_save,
)
from tests.finance.conftest import PATENT, make_loan, uscc

pytestmark = pytest.mark.django_db
D = datetime.date


def test_it_saves_an_enterprise_with_its_code_as_typed_normalised(alice, town, cluster):
    code = uscc(7).lower()
    enterprise = enterprise_save(
        enterprise=Enterprise(),
        user=alice,
        data={
            "name": " 丙示例 ",
            "uscc": f" {code[:9]} {code[9:]} ",
            "town": town,
            "cluster": cluster,
        },
    )
    assert enterprise.uscc == uscc(7) and enterprise.name == "丙示例"
    assert enterprise.bureau == alice.bureau and enterprise.updated_by == alice


def test_it_refuses_a_wrong_check_character(alice):
    code = uscc(7)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(FinanceError) as refused:
        enterprise_save(enterprise=Enterprise(), user=alice, data={"name": "丁", "uscc": wrong})
    assert "uscc" in refused.value.errors
    assert "校验" in refused.value.errors["uscc"][0] or "check" in refused.value.errors["uscc"][0]


def test_it_refuses_the_gb_example_with_a_letter_o(alice):
    with pytest.raises(FinanceError) as refused:
        enterprise_save(
            enterprise=Enterprise(), user=alice, data={"name": "戊", "uscc": "91350100M000100YO3"}
        )
    assert "uscc" in refused.value.errors


def test_it_accepts_the_gb_32100_example(alice):
    enterprise_save(
        enterprise=Enterprise(), user=alice, data={"name": "己", "uscc": "91350100M000100Y43"}
    )
    assert Enterprise.objects.filter(uscc="91350100M000100Y43").exists()


def test_it_refuses_a_second_enterprise_with_the_same_code(alice, bob, firm):
    with pytest.raises(FinanceError) as refused:
        enterprise_save(
            enterprise=Enterprise(), user=bob, data={"name": "重复", "uscc": firm.uscc.lower()}
        )
    assert "uscc" in refused.value.errors


def test_it_refuses_a_town_that_is_not_a_town(alice, science):
    with pytest.raises(FinanceError) as refused:
        enterprise_save(
            enterprise=Enterprise(),
            user=alice,
            data={"name": "庚", "uscc": uscc(9), "town": science},
        )
    assert "town" in refused.value.errors


def test_it_needs_a_level_and_year_for_a_status(alice):
    data = {"name": "辛", "uscc": uscc(10), "ip_status": IPStatus.DEMONSTRATION}
    with pytest.raises(FinanceError) as refused:
        enterprise_save(enterprise=Enterprise(), user=alice, data=data)
    assert "ip_status_level" in refused.value.errors
    data |= {"ip_status_level": Level.MUNICIPAL, "ip_status_year": 2025}
    assert enterprise_save(enterprise=Enterprise(), user=alice, data=data).pk


@pytest.mark.parametrize("persona", ["bob", "office", "leader", "admin_user"])
def test_it_lets_only_the_keeping_bureaus_staff_change_a_record(request, persona, firm):
    user = request.getfixturevalue(persona)
    with pytest.raises(FinanceError) as refused:
        enterprise_save(enterprise=firm, user=user, data={"name": "改名"})
    assert refused.value.code == "forbidden" and refused.value.message == str(NOT_YOURS)


def test_it_lets_a_leader_create_nothing(leader):
    with pytest.raises(FinanceError) as refused:
        enterprise_save(enterprise=Enterprise(), user=leader, data={"name": "x", "uscc": uscc(3)})
    assert refused.value.code == "forbidden"


def loan_data(firm, **fields):
    data = {
        "enterprise": firm,
        "lender": "示例银行",
        "amount": Decimal("3000000"),
        "rate": Decimal("3.45"),
        "start_date": D(2025, 4, 1),
        "maturity_date": D(2026, 3, 31),
        "patent_numbers": "ZL 2023 1 0123456.6",
        "trademark_numbers": "第12345678号",
    }
    return data | fields


def test_it_records_a_loan_with_its_pledged_rights_normalised(alice, firm):
    loan = loan_save(loan=PledgeLoan(), user=alice, data=loan_data(firm))
    assert loan.patent_list == [PATENT] and loan.trademark_list == ["12345678"]
    assert loan.bureau == alice.bureau


def test_it_refuses_bad_pledged_numbers_field_by_field(alice, firm):
    data = loan_data(firm, patent_numbers="ZL202310123456.7", trademark_numbers="TM1")
    with pytest.raises(FinanceError) as refused:
        loan_save(loan=PledgeLoan(), user=alice, data=data)
    assert set(refused.value.errors) >= {"patent_numbers", "trademark_numbers"}


def test_it_needs_at_least_one_pledged_right(alice, firm):
    with pytest.raises(FinanceError) as refused:
        loan_save(
            loan=PledgeLoan(),
            user=alice,
            data=loan_data(firm, patent_numbers="", trademark_numbers=""),
        )
    assert "patent_numbers" in refused.value.errors


def test_it_needs_the_repayment_date_of_a_repaid_loan(alice, firm):
    with pytest.raises(FinanceError) as refused:
        loan_save(loan=PledgeLoan(), user=alice, data=loan_data(firm, status=LoanStatus.REPAID))
    assert "closed_on" in refused.value.errors


def test_it_refuses_a_loan_for_another_bureaus_enterprise(alice, other_firm):
    with pytest.raises(FinanceError) as refused:
        loan_save(loan=PledgeLoan(), user=alice, data=loan_data(other_firm))
    assert "enterprise" in refused.value.errors


def test_it_refuses_insurance_ending_before_it_starts(alice, firm):
    from finance.models import InsurancePolicy

    data = {
        "enterprise": firm,
        "kind": "loss",
        "insurer": "示例保险",
        "premium": Decimal("1000"),
        "coverage": Decimal("100000"),
        "starts_on": D(2025, 6, 1),
        "ends_on": D(2025, 5, 1),
    }
    with pytest.raises(FinanceError) as refused:
        insurance_save(policy=InsurancePolicy(), user=alice, data=data)
    assert "ends_on" in refused.value.errors


# Outstanding amounts: one rule, in SQL (outstanding_q) and in Python (is_outstanding_on)


@pytest.fixture
def loans(firm):
    """Four loans of 1, 2, 4 and 8 million in 2025, in every status."""
    return {
        "active": make_loan(firm, "1000000", D(2025, 1, 10)),
        "repaid": make_loan(
            firm, "2000000", D(2025, 2, 1), status=LoanStatus.REPAID, closed_on=D(2025, 8, 15)
        ),
        "overdue": make_loan(
            firm, "4000000", D(2024, 6, 1), maturity_date=D(2025, 5, 31), status=LoanStatus.OVERDUE
        ),
        "defaulted": make_loan(
            firm, "8000000", D(2025, 3, 1), status=LoanStatus.DEFAULTED, closed_on=D(2025, 11, 1)
        ),
    }


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2024, 5, 31), 0),  # nothing started yet
        (D(2024, 6, 1), 4),  # the overdue loan counts from its start date
        (D(2025, 1, 10), 5),
        (D(2025, 3, 31), 15),  # all four
        (D(2025, 8, 14), 15),  # the day before repayment
        (D(2025, 8, 15), 13),  # repaid: no longer outstanding from that day
        (D(2025, 10, 31), 13),  # overdue, past its maturity, still owed
        (D(2025, 11, 1), 5),  # defaulted and written off
        (D(2027, 1, 1), 5),  # the active loan past maturity and the overdue one are still owed
    ],
)
def test_it_counts_what_is_outstanding_at_a_date(loans, day, expected):
    million = Decimal(1_000_000)
    assert PledgeLoan.objects.amount_outstanding_at(day) == expected * million
    assert sum(loan.outstanding_at(day) for loan in loans.values()) == expected * million
    in_sql = set(PledgeLoan.objects.outstanding_at(day).values_list("pk", flat=True))
    in_python = {loan.pk for loan in loans.values() if loan.is_outstanding_on(day)}
    assert in_sql == in_python


def test_it_charges_interest_only_for_days_outstanding(firm):
    loan = make_loan(
        firm,
        "3650000",
        D(2025, 1, 1),
        rate=Decimal("3.65"),
        status=LoanStatus.REPAID,
        closed_on=D(2025, 1, 11),
    )
    # 3,650,000 × 3.65% / 365 = 365 yuan a day; outstanding 1–10 January
    assert loan.interest_due(D(2024, 12, 1), D(2025, 12, 31)) == Decimal("3650.00")
    assert loan.interest_due(D(2025, 1, 5), D(2025, 1, 6)) == Decimal("730.00")
    assert loan.interest_due(D(2025, 2, 1), D(2025, 2, 28)) == Decimal("0.00")
