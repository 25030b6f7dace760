"""Hand-built finance records for the personas of tests/conftest.py (alice keeps market's)."""

import datetime
from decimal import Decimal

import pytest

from bureaus.models import Bureau, BureauKind
from bureaus.validators import uscc_check_character
from finance.models import (
    BudgetLine,
    Enterprise,
    IndustryCluster,
    InsurancePolicy,
    LoanStatus,
    PledgeLoan,
    Purpose,
    SubsidyPolicy,
)

D = datetime.date
PATENT = "ZL202310123456.6"  # check character worked by hand in test_numbers.py


def uscc(serial: int) -> str:
    """A valid code: 91 (enterprise), area 500000, an organisation code from the serial."""
    first17 = f"91500000MA{serial:07d}"
    return first17 + uscc_check_character(first17)


def make_enterprise(bureau, serial=1, **fields) -> Enterprise:
    fields.setdefault("name", f"测试企业{serial}有限公司")
    return Enterprise.objects.create(bureau=bureau, uscc=uscc(serial), **fields)


START = D(2025, 3, 1)


def make_loan(enterprise, amount="1000000", start=START, **fields) -> PledgeLoan:
    fields.setdefault("lender", "示例银行")
    fields.setdefault("rate", Decimal("3.650"))
    fields.setdefault("maturity_date", start.replace(year=start.year + 1))
    fields.setdefault("patent_numbers", PATENT)
    fields.setdefault("status", LoanStatus.ACTIVE)
    return PledgeLoan.objects.create(
        enterprise=enterprise,
        bureau_id=enterprise.bureau_id,
        amount=Decimal(amount),
        start_date=start,
        **fields,
    )


@pytest.fixture
def town(db) -> Bureau:
    return Bureau.objects.get_or_create(
        code="town-x", defaults={"name": "某镇", "kind": BureauKind.TOWN, "order": 999}
    )[0]


@pytest.fixture
def cluster(db) -> IndustryCluster:
    return IndustryCluster.objects.get_or_create(name="生物医药")[0]


@pytest.fixture
def firm(market) -> Enterprise:
    """An enterprise kept by alice's bureau."""
    return make_enterprise(market, 1, name="甲示例科技有限公司")


@pytest.fixture
def other_firm(science) -> Enterprise:
    """An enterprise kept by bob's bureau."""
    return make_enterprise(science, 2, name="乙示例制药有限公司")


@pytest.fixture
def loan(firm) -> PledgeLoan:
    return make_loan(firm)


@pytest.fixture
def other_loan(other_firm) -> PledgeLoan:
    return make_loan(other_firm, lender="另一银行")


@pytest.fixture
def policy(db) -> SubsidyPolicy:
    return SubsidyPolicy.objects.create(
        year=2025, share=Decimal("50"), cap_per_enterprise=Decimal("100000")
    )


@pytest.fixture
def insurance(firm) -> InsurancePolicy:
    return InsurancePolicy.objects.create(
        enterprise=firm,
        bureau_id=firm.bureau_id,
        kind="liability",
        insurer="示例保险",
        premium=Decimal("5000"),
        coverage=Decimal("500000"),
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
    )


@pytest.fixture
def budget_line(market) -> BudgetLine:
    return BudgetLine.objects.create(
        bureau=market,
        year=2025,
        purpose=Purpose.UTILISATION,
        title="质押融资贴息",
        allocated=Decimal("200000"),
    )
