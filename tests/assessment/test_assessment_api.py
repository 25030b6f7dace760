"""GET /api/v1/assessment/<year>/ (docs/rules.md R6): the page's assessment, line by line."""

import pytest
from rest_framework.test import APIClient

from reports import assessment_api

from .conftest import AS_OF

pytestmark = pytest.mark.django_db

URL = "/api/v1/assessment/2025/"


@pytest.fixture
def api():
    def _as(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _as


def test_it_gives_each_line_with_category_rank_and_criteria(api, office, records):
    """R6.1–R6.4 through the API: science first (84.29) with indicators and supervision not
    applicable; market second (39.00); 区卫生健康委 not assessed, rank null."""
    body = api(office).get(URL, {"as_of": AS_OF.isoformat()}).json()
    assert body["as_of"] == "2025-07-20" and body["max_points"] == "100.00"
    lines = {line["bureau"]: line for line in body["lines"]}
    science = lines["science"]
    assert (science["category"], science["assessed"], science["rank"]) == ("区级部门", True, 1)
    assert science["total"] == "84.29" and science["name"] == "区科技局"
    criteria = {c["code"]: c for c in science["criteria"]}
    assert criteria["indicators"] == {
        "code": "indicators",
        "applicable": False,
        "rate": None,
        "points": None,
    }
    assert criteria["task_progress"]["rate"] == "0.4500"
    assert criteria["task_progress"]["points"] == "9.00"
    assert (lines["market"]["rank"], lines["market"]["total"]) == (2, "39.00")
    health = lines["health"]
    assert (health["assessed"], health["rank"], health["total"]) == (False, None, None)


@pytest.mark.parametrize(
    "url, field, message",
    [
        (URL + "?as_of=2025-13-01", "as_of", assessment_api.BAD_DATE),
        (URL + "?as_of=yesterday", "as_of", assessment_api.BAD_DATE),
        (URL + "?as_of=2024-12-31", "as_of", assessment_api.DATE_BEFORE_YEAR),
        (URL + "?as_of=2999-01-01", "as_of", assessment_api.DATE_IN_FUTURE),
        ("/api/v1/assessment/1999/", "year", assessment_api.BAD_YEAR),
        ("/api/v1/assessment/99999/", "year", assessment_api.BAD_YEAR),
    ],
)
def test_bad_input_is_a_400_with_a_message(api, office, url, field, message):
    response = api(office).get(url)
    assert response.status_code == 400
    assert response.json()[field] == [str(message)]


def test_only_the_roles_that_see_the_assessment_may_read_it(api, alice, leader, admin_user):
    assert api(alice).get(URL).status_code == 403
    assert APIClient().get(URL).status_code in (401, 403)
    assert api(leader).get(URL).status_code == 200
    assert api(admin_user).get(URL).status_code == 200


def test_it_is_in_the_schema(api, office):
    schema = api(office).get("/api/schema/").content.decode()
    assert "/api/v1/assessment/{year}/" in schema and "as_of" in schema
