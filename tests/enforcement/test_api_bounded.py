"""/api/v1/cases/ counts like the list page (selectors.BoundedPaginator): through a LIMIT, with
`count_capped` saying when more cases match than `count` says."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enforcement import selectors

pytestmark = pytest.mark.django_db
LIST = "/api/v1/cases/"


@pytest.fixture
def six_cases(alice, make_case):
    for n in range(6):
        make_case(alice, number=f"C-{n}", filed_on=datetime.date(2026, 1, 1 + n))


def case_counts(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith("SELECT COUNT") and "enforcement_case" in q["sql"]
    ]


def test_below_the_cap_it_counts_exactly(monkeypatch, login, office, six_cases):
    monkeypatch.setattr(selectors, "COUNT_CAP", 10)
    with CaptureQueriesContext(connection) as queries:
        body = login(office).get(LIST).json()
    assert body["count"] == 6 and body["count_capped"] is False
    assert len(body["results"]) == 6
    [count] = case_counts(queries)
    assert "LIMIT 11" in count


def test_past_the_cap_it_stops_counting_and_says_so(monkeypatch, login, office, six_cases):
    monkeypatch.setattr(selectors, "COUNT_CAP", 4)
    with CaptureQueriesContext(connection) as queries:
        body = login(office).get(LIST).json()
    assert body["count"] == 4 and body["count_capped"] is True
    assert len(body["results"]) == 4 and body["next"] is None  # the rows it counted, no more
    [count] = case_counts(queries)
    assert "LIMIT 5" in count


def test_the_bounded_count_keeps_the_filter_and_the_users_scope(
    monkeypatch, login, alice, bob, six_cases
):
    monkeypatch.setattr(selectors, "COUNT_CAP", 4)
    body = login(alice).get(LIST, {"q": "C-1"}).json()
    assert body["count"] == 1 and body["count_capped"] is False
    body = login(bob).get(LIST).json()  # another bureau's cases do not exist for bob
    assert body["count"] == 0 and body["count_capped"] is False


def test_a_page_past_the_cap_is_refused(monkeypatch, login, office, six_cases):
    monkeypatch.setattr(selectors, "COUNT_CAP", 4)
    assert login(office).get(LIST, {"page": 2}).status_code == 404


def test_the_schema_documents_count_capped(login, office):
    schema = login(office).get("/api/schema/", {"format": "json"}).json()
    paginated = schema["components"]["schemas"]["PaginatedCaseListList"]
    assert paginated["properties"]["count_capped"]["type"] == "boolean"
    assert "count_capped" in paginated["required"]
