"""The case list counts through a LIMIT (selectors.BoundedPaginator): past the cap it says
"more than" instead of reading every matching case, and its queries do not grow with the rows."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enforcement import selectors
from enforcement.models import Case

pytestmark = pytest.mark.django_db
LIST = reverse("enforcement:case-list")


def count_line(response) -> str:
    return re.search(r'id="case-count">(.*?)</p>', response.content.decode())[1]


@pytest.fixture
def six_cases(alice, make_case):
    for n in range(6):
        make_case(alice, number=f"C-{n}", filed_on=datetime.date(2026, 1, 1 + n))


def test_below_the_cap_it_counts_exactly(login, office, six_cases):
    response = login(office).get(LIST)
    assert "6" in count_line(response)
    assert not response.context["page"].paginator.capped


def test_past_the_cap_it_stops_counting(monkeypatch, login, office, six_cases):
    monkeypatch.setattr(selectors, "COUNT_CAP", 4)
    with CaptureQueriesContext(connection) as queries:
        response = login(office).get(f"{LIST}?page=2")
    page = response.context["page"]
    assert page.paginator.capped and page.paginator.count == 4
    assert "4" in count_line(response) and "6" not in count_line(response)
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT")]
    case_counts = [sql for sql in counts if "enforcement_case" in sql]
    assert len(case_counts) == 1 and "LIMIT 5" in case_counts[0]
    assert page.number == 1 and len(page.object_list) == 4  # the rows it counted, no more


def test_the_count_ignores_the_order_and_keeps_the_filter(alice, make_case, six_cases):
    paginator = selectors.BoundedPaginator(Case.objects.filter(number__in=["C-1", "C-2"]), 1)
    assert paginator.count == 2 and paginator.num_pages == 2
    assert not paginator.capped
