"""/api/v1/enterprises/, /pledge-loans/, /interest-subsidies/, /insurance-policies/ per persona:
the same scoping, filters and services as the pages."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from finance.models import Enterprise, InterestSubsidy, PledgeLoan
from finance.services import NOT_YOURS
from tests.finance.conftest import PATENT, make_loan, uscc

pytestmark = pytest.mark.django_db
D = datetime.date


def api_as(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("persona", ["alice", "office", "leader", "admin_user"])
def test_it_lists_the_records_a_persona_may_see(
    request, persona, firm, other_firm, loan, other_loan
):
    client = api_as(request.getfixturevalue(persona))
    everyone = persona != "alice"
    assert ids(client.get("/api/v1/enterprises/")) == (
        {firm.pk, other_firm.pk} if everyone else {firm.pk}
    )
    assert ids(client.get("/api/v1/pledge-loans/")) == (
        {loan.pk, other_loan.pk} if everyone else {loan.pk}
    )


def test_it_answers_404_for_another_bureaus_records(bob, firm, loan, insurance, policy):
    subsidy = InterestSubsidy.objects.create(
        loan=loan,
        policy=policy,
        interest_from=D(2025, 3, 1),
        interest_to=D(2025, 3, 31),
        applied_amount=1,
        applied_on=D(2025, 4, 1),
    )
    client = api_as(bob)
    for url in (
        f"/api/v1/enterprises/{firm.pk}/",
        f"/api/v1/pledge-loans/{loan.pk}/",
        f"/api/v1/insurance-policies/{insurance.pk}/",
        f"/api/v1/interest-subsidies/{subsidy.pk}/",
    ):
        assert client.get(url).status_code == 404
        assert client.patch(url, {"note": "x"}, format="json").status_code == 404


def test_it_refuses_anonymous_requests(client, firm):
    assert client.get("/api/v1/enterprises/").status_code in (401, 403)


def test_it_filters_like_the_page(alice, firm, town):
    Enterprise.objects.create(bureau=firm.bureau, uscc=uscc(5), name="高新示例", is_high_tech=True)
    client = api_as(alice)
    assert len(ids(client.get("/api/v1/enterprises/", {"category": "high_tech"}))) == 1
    assert ids(client.get("/api/v1/enterprises/", {"q": firm.uscc.lower()})) == {firm.pk}


def test_it_lets_staff_create_through_the_services(alice):
    client = api_as(alice)
    response = client.post(
        "/api/v1/enterprises/", {"name": "API 示例", "uscc": uscc(9).lower()}, format="json"
    )
    assert response.status_code == 201, response.content
    enterprise = Enterprise.objects.get(uscc=uscc(9))
    assert response.json()["bureau"] == "market"
    response = client.post(
        "/api/v1/pledge-loans/",
        {
            "enterprise": enterprise.pk,
            "lender": "示例银行",
            "amount": "500000",
            "rate": "3.2",
            "start_date": "2025-01-01",
            "maturity_date": "2026-01-01",
            "patent_numbers": ["ZL 2023 1 0123456.6"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["patent_numbers"] == [PATENT]
    assert PledgeLoan.objects.get().bureau == alice.bureau


def test_it_refuses_a_bad_code_with_the_field_error(alice):
    code = uscc(9)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    response = api_as(alice).post(
        "/api/v1/enterprises/", {"name": "x", "uscc": wrong}, format="json"
    )
    assert response.status_code == 400 and "uscc" in response.json()["errors"]


def test_it_refuses_a_subsidy_over_the_interest_due(alice, firm, policy):
    loan = make_loan(firm, "3650000", D(2025, 1, 1), rate=Decimal("3.65"))
    data = {
        "loan": loan.pk,
        "interest_from": "2025-01-01",
        "interest_to": "2025-01-10",
        "applied_amount": "1825",
        "applied_on": "2025-02-01",
        "approved_amount": "1825.01",
        "approved_on": "2025-03-01",
    }
    client = api_as(alice)
    response = client.post("/api/v1/interest-subsidies/", data, format="json")
    assert response.status_code == 400 and "approved_amount" in response.json()["errors"]
    response = client.post(
        "/api/v1/interest-subsidies/", data | {"approved_amount": "1825"}, format="json"
    )
    assert response.status_code == 201


@pytest.mark.parametrize("persona", ["office", "leader", "admin_user"])
def test_it_lets_readers_change_nothing(request, persona, firm):
    client = api_as(request.getfixturevalue(persona))
    response = client.post("/api/v1/enterprises/", {"name": "x", "uscc": uscc(9)}, format="json")
    assert response.status_code == 403 and response.json()["detail"] == str(NOT_YOURS)
    response = client.patch(f"/api/v1/enterprises/{firm.pk}/", {"name": "x"}, format="json")
    assert response.status_code == 403


def test_it_refuses_a_loan_on_another_bureaus_enterprise(bob, firm):
    response = api_as(bob).post(
        "/api/v1/pledge-loans/",
        {
            "enterprise": firm.pk,
            "lender": "x",
            "amount": "1",
            "rate": "1",
            "start_date": "2025-01-01",
            "maturity_date": "2026-01-01",
            "patent_numbers": PATENT,
        },
        format="json",
    )
    assert response.status_code == 400 and "enterprise" in response.json()["errors"]


def test_it_reports_the_amount_outstanding_at_a_date(alice, firm):
    loan = make_loan(firm, "1000000", D(2025, 1, 1), status="repaid", closed_on=D(2025, 6, 1))
    client = api_as(alice)
    url = f"/api/v1/pledge-loans/{loan.pk}/"
    assert client.get(url, {"outstanding_at": "2025-05-31"}).json()["outstanding"] == "1000000.00"
    assert client.get(url, {"outstanding_at": "2025-06-01"}).json()["outstanding"] == "0.00"
    assert client.get(url, {"outstanding_at": "June"}).status_code == 400


@pytest.mark.parametrize("url", ["/api/v1/enterprises/", "/api/v1/pledge-loans/"])
def test_it_lists_in_a_constant_number_of_queries(office, market, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.finance.conftest import make_enterprise

    client = api_as(office)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for serial in range(300, 302):
        make_loan(make_enterprise(market, serial))
    count()
    few = count()
    for serial in range(400, 420):
        make_loan(make_enterprise(market, serial))
    assert count() == few
