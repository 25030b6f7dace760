"""Crafted input is a 400 with a message, never a 500: lone surrogates in JSON, years and dates
no calendar holds, ids no database integer holds, periods that are not periods."""

import json

import pytest
from django.urls import NoReverseMatch, reverse

from enforcement import services
from tests.enforcement.conftest import case_data
from tests.security.access_matrix import ROLES, ROUTES

pytestmark = pytest.mark.django_db

HUGE_ID = "1" * 23  # more than a 64-bit integer holds: SQLite raised OverflowError
ID_PARAMETERS = ("enterprise", "loan", "bureau")


def list_routes() -> list[str]:
    """Every list page, list export and API list of the access matrix that takes no arguments
    and that the office opens."""
    names = []
    for name, statuses in ROUTES.items():
        if not name.endswith(("list", "export")) or statuses[ROLES.index("office")] != 200:
            continue
        try:
            reverse(name)
        except NoReverseMatch:
            continue
        names.append(name)
    return names


def message(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


@pytest.mark.parametrize("route", list_routes())
@pytest.mark.parametrize("parameter", ID_PARAMETERS)
def test_an_id_no_integer_holds_is_never_a_server_error(login, office, route, parameter):
    response = login(office).get(reverse(route), {parameter: HUGE_ID})
    assert response.status_code in (200, 400), (route, parameter, response.status_code)
    if response.status_code == 400:
        assert message(response).strip()


@pytest.mark.parametrize(
    "url",
    [
        "/finance/loans/export.xlsx",
        "/finance/insurance/export.xlsx",
        "/api/v1/pledge-loans/",
        "/api/v1/insurance-policies/",
        "/api/v1/interest-subsidies/",
    ],
)
def test_the_exports_and_api_refuse_an_id_no_integer_holds_with_a_400(login, office, url):
    parameter = "loan" if "subsid" in url else "enterprise"
    response = login(office).get(url, {parameter: HUGE_ID})
    assert response.status_code == 400
    assert "9223372036854775807" in message(response)  # the largest id, said in the message


def test_the_activities_export_refuses_a_bureau_no_integer_holds_with_a_400(login, office):
    response = login(office).get(reverse("tasks_registry:activity-export"), {"bureau": HUGE_ID})
    assert response.status_code == 400
    assert HUGE_ID in message(response)


def test_the_pages_read_a_bureau_no_integer_holds_as_no_filter(login, office):
    """The list pages show what they cannot read as unfiltered (the year, the kind): so too an
    id no integer holds."""
    client = login(office)
    for route in ("tasks_registry:activity-list", "tasks_registry:supervision-list"):
        assert client.get(reverse(route), {"bureau": HUGE_ID}).status_code == 200


def test_a_year_no_calendar_holds_is_a_400_on_the_statistics(login, office):
    response = login(office).get(reverse("enforcement:statistics"), {"year": "99999"})
    assert response.status_code == 400
    assert "99999" in response.content.decode()


def test_a_period_that_is_not_one_is_a_400_on_the_reports(login, office):
    for code in ("x", "a/b", "2026Q9"):
        response = login(office).get(reverse("report:index"), {"period": code})
        assert response.status_code == 400, code


def test_the_last_day_a_calendar_holds_is_a_400_on_the_audit_log(login, auditor):
    client = login(auditor)
    for url in (reverse("audit:events"), reverse("audit:export")):
        response = client.get(url, {"date_to": "9999-12-31"})
        assert response.status_code == 400, url


LONE_SURROGATE = '"\\ud800"'  # valid JSON, no valid text


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/v1/cases/", "ip_type"),
        ("/api/v1/pledge-loans/", "status"),
        ("/api/v1/enterprises/", "ip_status"),
        ("/api/v1/insurance-policies/", "kind"),
        ("/api/v1/task-reports/", "status"),
    ],
)
def test_a_lone_surrogate_in_a_choice_field_is_a_400_with_a_message(login, alice, url, field):
    body = "{" + f'"{field}": {LONE_SURROGATE}' + "}"
    response = login(alice).post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert "\\ud800" in response.json()["detail"]  # the message names the character


def test_a_lone_surrogate_as_the_status_a_case_advances_to_is_a_400(login, alice):
    case = services.case_create(user=alice, data=case_data())
    response = login(alice).post(
        f"/api/v1/cases/{case.pk}/advance/",
        '{"to_status": ' + LONE_SURROGATE + "}",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "\\ud800" in response.json()["detail"]  # the message names the character
