"""R8.3: one definition of each case count, shared by the statistics page, the dashboard's
headline and the metric registry."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from enforcement import services
from enforcement.metrics import cases_closed, cases_closed_this_year, cases_filed, fines
from targets.models import Period

from .conftest import walk

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def example(alice, make_case):
    """R8.3's worked example: A filed 2025-11-03 and closed 2026-02-10; B filed 2026-03-01,
    under investigation; C filed 2026-01-05, decided 2026-04-01 (fine 5,000), closed
    2026-04-21."""
    a = make_case(alice, number="A", filed_on=D(2025, 11, 3), fine=Decimal("0"))
    services.case_advance(a, user=alice, to_status="investigating", happened_on=D(2025, 11, 10))
    services.case_advance(a, user=alice, to_status="closed", happened_on=D(2026, 2, 10))
    b = make_case(alice, number="B", filed_on=D(2026, 3, 1), fine=Decimal("0"))
    walk(b, alice, "investigating", start=D(2026, 3, 1))
    c = make_case(alice, number="C", filed_on=D(2026, 1, 5), fine=Decimal("5000"))
    for status, day in (
        ("investigating", D(2026, 1, 10)),
        ("legal_review", D(2026, 3, 20)),
        ("decided", D(2026, 4, 1)),
        ("publicised", D(2026, 4, 10)),
        ("closed", D(2026, 4, 21)),
    ):
        services.case_advance(c, user=alice, to_status=status, happened_on=day)
    return a, b, c


def test_it_counts_closed_cases_by_the_closing_step_on_the_statistics_page(login, office, example):
    """R8.3: for 2026, filed 2 (B, C), decided 1, fines 5,000 yuan, closed 2 (A, C): case A
    counts as closed in 2026 although it was filed in 2025 (the page said 1 before)."""
    stats = login(office).get(reverse("enforcement:statistics") + "?year=2026").context["stats"]
    assert (stats.total, stats.decided, stats.closed) == (2, 1, 2)
    assert stats.amounts["fine"] == Decimal("5000")
    old = login(office).get(reverse("enforcement:statistics") + "?year=2025").context["stats"]
    assert (old.total, old.closed) == (1, 0)


def test_it_gives_the_dashboard_and_the_metrics_the_same_counts(example):
    """R8.3: the headline (本年度结案数) and the quarterly metrics agree with the page."""
    assert cases_closed_this_year(D(2026, 12, 2)) == 2
    assert cases_closed_this_year(D(2026, 3, 31)) == 1
    quarters = [
        Period.objects.create(year=2026, quarter=q, due_date=Period.default_due_date(2026, q))
        for q in (1, 2)
    ]
    closed = cases_closed(quarters)
    assert [sum(closed[p.pk].values()) for p in quarters] == [1, 1]
    filed = cases_filed(quarters)
    assert [sum(filed[p.pk].values()) for p in quarters] == [2, 0]
    fined = fines(quarters)
    assert [sum(fined[p.pk].values()) for p in quarters] == [0, Decimal("5000")]
