"""/api/v1/cases/: the same filters, services and refusals as the pages."""

import pytest
from django.urls import reverse

from enforcement import services
from enforcement.models import Case, CaseStep

from .conftest import case_data

pytestmark = pytest.mark.django_db
LIST = reverse("case-list")


def detail(case, action=None):
    return reverse(f"case-{action}" if action else "case-detail", args=[case.pk])


def payload(**overrides):
    data = case_data(**overrides)
    data["filed_on"] = data["filed_on"].isoformat()
    data["fine"] = str(data["fine"])
    return data


def test_it_registers_a_case_for_the_users_bureau(login, alice):
    response = login(alice).post(LIST, payload(), content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["bureau"] == "market" and body["status"] == "filed"
    assert body["next_statuses"] == ["investigating", "transferred"]
    assert len(body["steps"]) == 1


def test_it_refuses_a_wrong_check_character(login, alice):
    response = login(alice).post(
        LIST, payload(respondent_uscc="91350100M000100Y44"), content_type="application/json"
    )
    assert response.status_code == 400
    assert "respondent_uscc" in response.json()["errors"]
    assert not Case.objects.exists()


def test_it_refuses_the_office_registering(login, office):
    response = login(office).post(LIST, payload(), content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_it_advances_and_refuses_illegal_moves_with_409(login, alice, case):
    client = login(alice)
    response = client.post(
        detail(case, "advance"), {"to_status": "closed"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    response = client.post(
        detail(case, "advance"),
        {"to_status": "investigating", "note": "现场检查"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "investigating"
    assert response.json()["steps"][-1]["note"] == "现场检查"


def test_it_adds_a_correction_but_never_edits_a_step(login, alice, case):
    client = login(alice)
    first = case.steps.get()
    response = client.post(
        detail(case, "step"),
        {"note": "立案日期有误，应为 3 月 1 日", "corrects": first.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert CaseStep.objects.filter(case=case).count() == 2
    # There is no route that changes or deletes a step.
    assert client.delete(detail(case)).status_code == 405


def test_it_transfers_and_the_receiver_accepts(login, alice, case, police_user, bob):
    response = login(alice).post(
        detail(case, "transfer"),
        {"to_bureau": "public_security", "reason": "涉嫌犯罪"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["transfers"][0]["status"] == "pending"
    assert (
        login(bob).post(detail(case, "accept"), {}, content_type="application/json").status_code
        == 404
    )
    response = login(police_user).post(detail(case, "accept"), {}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["transfers"][0]["accepted_by"] == "pete"


def test_it_refuses_another_bureaus_write_with_404(login, bob, case):
    client = login(bob)
    for action in ("advance", "step", "transfer", "accept"):
        assert (
            client.post(detail(case, action), {}, content_type="application/json").status_code
            == 404
        )
    assert (
        client.patch(detail(case), {"title": "x"}, content_type="application/json").status_code
        == 404
    )


def test_it_changes_particulars_for_the_handler_only(login, alice, office, case):
    response = login(alice).patch(
        detail(case), {"fine": "30000.00", "version": case.version}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["fine"] == "30000.00"
    assert (
        login(office)
        .patch(detail(case), {"fine": "1"}, content_type="application/json")
        .status_code
        == 403
    )


def test_it_filters_like_the_page(login, office, alice, make_case):
    make_case(alice, number="X-1", ip_type="patent")
    make_case(alice, number="X-2", ip_type="trademark")
    client = login(office)
    body = client.get(f"{LIST}?ip_type=patent").json()
    assert [c["number"] for c in body["results"]] == ["X-1"]
    assert client.get(f"{LIST}?q=X-2").json()["count"] == 1
    assert client.get(f"{LIST}?sort=number").json()["results"][0]["number"] == "X-1"


def test_it_lists_campaigns(login, leader):
    assert login(leader).get(reverse("campaign-list")).status_code == 200


def test_it_runs_every_write_through_the_services(monkeypatch, login, alice, case):
    called = []
    original = services.case_advance

    def spy(*args, **kwargs):
        called.append(kwargs["to_status"])
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "case_advance", spy)
    login(alice).post(
        detail(case, "advance"), {"to_status": "investigating"}, content_type="application/json"
    )
    assert called == ["investigating"]


def test_it_lists_any_number_of_cases_with_the_same_queries(login, office, alice, make_case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(office)

    def count_queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(LIST).status_code == 200
        return len(context.captured_queries)

    make_case(alice, number="Q-0")
    few = count_queries()
    for index in range(1, 20):
        make_case(alice, number=f"Q-{index}")
    assert count_queries() == few


def test_it_answers_anonymous_users_with_401_or_403(client, case):
    assert client.get(LIST).status_code in (401, 403)
    assert client.get(detail(case)).status_code in (401, 403)
