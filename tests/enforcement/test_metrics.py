"""The register's metrics and headline, on hand-built cases."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enforcement import services
from enforcement.models import Case
from targets.metrics import registry
from targets.models import Period

from .conftest import walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def periods(db):
    return [
        Period.objects.create(year=2026, quarter=q, due_date=Period.default_due_date(2026, q))
        for q in (1, 2)
    ]


@pytest.fixture
def built(alice, court_user, make_case, police):
    a = make_case(
        alice,
        number="M-1",
        ip_type="patent",
        filed_on=datetime.date(2026, 1, 10),
        fine=Decimal("10000"),
    )
    walk(
        a,
        alice,
        "investigating",
        "legal_review",
        "decided",
        "publicised",
        "closed",
        start=datetime.date(2026, 1, 10),
    )  # decided 02-09 (30 days), closed 03-01
    b = make_case(
        alice,
        number="M-2",
        ip_type="trademark",
        filed_on=datetime.date(2026, 2, 1),
        fine=Decimal("5000.50"),
    )
    walk(
        b, alice, "investigating", "legal_review", "decided", start=datetime.date(2026, 3, 22)
    )  # decided 04-21: 79 days
    c = make_case(
        court_user,
        number="M-3",
        ip_type="trademark",
        proceeding="civil",
        filed_on=datetime.date(2026, 4, 2),
        fine=Decimal("0"),
    )
    d = make_case(alice, number="M-4", ip_type="trademark", filed_on=datetime.date(2026, 5, 2))
    services.case_transfer(
        d, user=alice, to_bureau=police, reason="涉嫌犯罪", happened_on=datetime.date(2026, 5, 20)
    )
    return a, b, c, d


def value(name, periods):
    return registry.evaluate(name, [type("I", (), {"pk": 1})()], periods)[1]


def test_it_counts_cases_filed_per_quarter_and_bureau(periods, built, alice, court_user):
    q1, q2 = periods
    filed = value("enforcement.cases_filed", periods)
    assert filed[q1.pk] == {alice.bureau_id: Decimal(2)}
    assert filed[q2.pk] == {alice.bureau_id: Decimal(1), court_user.bureau_id: Decimal(1)}


def test_it_counts_by_ip_type(periods, built, alice):
    q1, q2 = periods
    assert value("enforcement.cases_filed.patent", periods)[q1.pk] == {alice.bureau_id: 1}
    assert sum(value("enforcement.cases_filed.trademark", periods)[q2.pk].values()) == 2
    assert value("enforcement.cases_closed.patent", periods)[q1.pk] == {alice.bureau_id: 1}


def test_it_counts_closed_cases_fines_transfers_and_days(periods, built, alice):
    q1, q2 = periods
    assert value("enforcement.cases_closed", periods)[q1.pk] == {alice.bureau_id: 1}
    assert value("enforcement.cases_closed", periods)[q2.pk] == {None: 0}
    assert value("enforcement.fines", periods)[q1.pk] == {alice.bureau_id: Decimal("10000")}
    assert value("enforcement.fines", periods)[q2.pk] == {alice.bureau_id: Decimal("5000.50")}
    assert value("enforcement.transfers", periods)[q2.pk] == {alice.bureau_id: 1}
    days = value("enforcement.days_to_decision", periods)
    assert days[q1.pk] == {alice.bureau_id: Decimal("30.0")}
    assert days[q2.pk] == {alice.bureau_id: Decimal("79.0")}


def test_it_counts_a_transferred_case_once(periods, built, police):
    q1, q2 = periods
    filed = value("enforcement.cases_filed", periods)
    assert police.pk not in filed[q2.pk]
    assert sum(filed[q2.pk].values()) == 2


def test_it_answers_with_a_fixed_number_of_queries(periods, built, alice, make_case):
    with CaptureQueriesContext(connection) as first:
        value("enforcement.cases_filed", periods)
    for index in range(10):
        make_case(alice, number=f"N-{index}", filed_on=datetime.date(2026, 1, 1 + index))
    with CaptureQueriesContext(connection) as second:
        value("enforcement.cases_filed", periods)
    assert len(first.captured_queries) == len(second.captured_queries) == 1


def test_it_reports_cases_closed_this_year_as_a_headline(built):
    headline = registry.headline("enforcement.cases_closed_this_year")
    assert headline.fn(datetime.date(2026, 12, 31)) == 1
    assert headline.fn(datetime.date(2026, 2, 1)) == 0
    assert headline.fn(datetime.date(2027, 1, 1)) == 0
    assert Case.objects.filter(status="closed").count() == 1
