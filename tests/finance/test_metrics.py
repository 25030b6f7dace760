"""The finance metrics on hand-built data, each with a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from finance.models import InsurancePolicy, InterestSubsidy, IPStatus, Level, LoanStatus
from targets.metrics import registry
from targets.periods import ensure_period
from tests.finance.conftest import make_enterprise, make_loan

pytestmark = pytest.mark.django_db
D = datetime.date


def values(name, periods):
    return registry.get(name).fn(periods)


@pytest.fixture
def periods(db):
    return [
        ensure_period(2024, 4),
        ensure_period(2025, 1),
        ensure_period(2025, 2),
        ensure_period(2025, 4),
    ]


def test_it_registers_indicator_3_2s_metric_under_the_programmes_name():
    from targets.models import Indicator

    assert Indicator.objects.get(code="3.2").metric == "finance.demonstration_enterprises"
    assert registry.get("finance.demonstration_enterprises") is not None


def test_it_counts_municipal_or_higher_status_from_its_year(market, periods):
    def firm(serial, status, level, year):
        make_enterprise(
            market, serial, ip_status=status, ip_status_level=level, ip_status_year=year
        )

    firm(1, IPStatus.DEMONSTRATION, Level.NATIONAL, 2023)
    firm(2, IPStatus.ADVANTAGE, Level.MUNICIPAL, 2025)
    firm(3, IPStatus.DEMONSTRATION, Level.DISTRICT, 2023)  # district level: not counted
    firm(4, IPStatus.NONE, "", None)
    firm(5, IPStatus.ADVANTAGE, Level.MUNICIPAL, 2026)  # not yet
    result = values("finance.demonstration_enterprises", periods)
    assert [result[p.pk] for p in periods] == [1, 2, 2, 2]


def test_it_measures_certification_coverage_by_category(market, periods):
    valid = {"standard_certified_on": D(2025, 2, 1), "standard_valid_until": D(2025, 12, 1)}
    make_enterprise(market, 1, is_high_tech=True, is_listed=True, **valid)
    make_enterprise(market, 2, is_high_tech=True, standard_certified_on=D(2024, 1, 1))
    make_enterprise(market, 3, is_high_tech=True, is_above_size=True)
    make_enterprise(market, 4, is_above_size=True, **valid)
    q4_24, q1, q2, q4 = (p.pk for p in periods)
    high_tech = values("finance.standard_coverage_high_tech", periods)
    assert high_tech == {
        q4_24: Decimal("33.33"),
        q1: Decimal("66.67"),
        q2: Decimal("66.67"),
        q4: Decimal("33.33"),  # the first certificate expired on 1 December
    }
    assert values("finance.standard_coverage_listed", periods)[q2] == Decimal("100.00")
    assert values("finance.standard_coverage_above_size", periods)[q2] == Decimal("50.00")
    assert values("finance.certified_enterprises", periods)[q2] == 3


def test_it_has_no_coverage_without_enterprises_in_the_category(periods):
    assert values("finance.standard_coverage_listed", periods) == {}


def test_it_sums_financing_granted_per_quarter_and_outstanding_at_its_end(firm, periods):
    make_loan(firm, "1000000", D(2024, 11, 1))
    make_loan(firm, "2000000", D(2025, 1, 15), status=LoanStatus.REPAID, closed_on=D(2025, 5, 1))
    make_loan(firm, "4000000", D(2025, 3, 31), status=LoanStatus.OVERDUE)
    q4_24, q1, q2, q4 = (p.pk for p in periods)
    granted = values("finance.pledge_amount_granted", periods)
    assert granted == {q4_24: 1_000_000, q1: 6_000_000, q2: 0, q4: 0}
    outstanding = values("finance.pledge_amount_outstanding", periods)
    assert outstanding == {q4_24: 1_000_000, q1: 7_000_000, q2: 5_000_000, q4: 5_000_000}


def test_it_sums_subsidies_paid_in_each_quarter(firm, policy, periods):
    loan = make_loan(firm, "1000000", D(2025, 1, 1))

    def subsidy(paid, on):
        InterestSubsidy.objects.create(
            loan=loan,
            policy=policy,
            interest_from=D(2025, 1, 1),
            interest_to=D(2025, 3, 31),
            applied_amount=paid,
            applied_on=D(2025, 1, 1),
            approved_amount=paid,
            approved_on=on,
            paid_amount=paid,
            paid_on=on,
        )

    subsidy(Decimal("1000.50"), D(2025, 2, 1))
    subsidy(Decimal("2000"), D(2025, 3, 31))
    subsidy(Decimal("500"), D(2025, 4, 1))
    result = values("finance.subsidies_paid", periods)
    assert [result[p.pk] for p in periods] == [0, Decimal("3000.50"), 500, 0]


def test_it_counts_each_insured_enterprise_once(firm, other_firm, periods):
    def policy(enterprise, start, end, kind="liability"):
        InsurancePolicy.objects.create(
            enterprise=enterprise,
            bureau_id=enterprise.bureau_id,
            kind=kind,
            insurer="示例保险",
            premium=1,
            coverage=1,
            starts_on=start,
            ends_on=end,
        )

    policy(firm, D(2025, 1, 1), D(2025, 12, 31))
    policy(firm, D(2025, 1, 1), D(2025, 12, 31), kind="loss")
    policy(other_firm, D(2024, 7, 1), D(2025, 6, 30))
    result = values("finance.insured_enterprises", periods)
    assert [result[p.pk] for p in periods] == [1, 2, 2, 1]


def test_it_answers_every_metric_with_one_query(firm, periods):
    for serial in range(3, 13):
        make_loan(make_enterprise(firm.bureau, serial), "100", D(2025, 1, 1))
    for name in registry.names():
        if name.startswith("finance."):
            with CaptureQueriesContext(connection) as queries:
                values(name, periods)
            assert len(queries) == 1, name


def test_it_reports_the_outstanding_headline(firm):
    make_loan(firm, "1000000", D(2025, 1, 1))
    make_loan(firm, "500000", D(2025, 1, 1), status=LoanStatus.REPAID, closed_on=D(2025, 6, 1))
    headline = registry.headline("finance.pledge_outstanding")
    assert headline.fn(D(2025, 5, 31)) == Decimal("1500000")
    assert registry.headlines(D(2025, 7, 1))["finance.pledge_outstanding"] == "1000000.00"


def test_it_loads_the_demo_twice_without_adding_anything(alice, bob):
    from bureaus.models import User
    from finance.demo import load_demo_finance
    from finance.models import BudgetLine, Enterprise, InsurancePolicy, PledgeLoan

    User.objects.filter(pk=alice.pk).update(username="market")
    User.objects.filter(pk=bob.pk).update(username="science")
    today = D(2026, 11, 25)
    load_demo_finance(today)
    counts = [
        m.objects.count()
        for m in (Enterprise, PledgeLoan, InterestSubsidy, InsurancePolicy, BudgetLine)
    ]
    load_demo_finance(today)
    assert counts == [
        m.objects.count()
        for m in (Enterprise, PledgeLoan, InterestSubsidy, InsurancePolicy, BudgetLine)
    ]
    assert counts[0] >= 12 and counts[1] >= 15 and counts[2] > 0
    assert values("finance.demonstration_enterprises", [ensure_period(2026, 3)])
