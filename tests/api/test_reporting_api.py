"""The reporting API: figures and task reports through the same workflow as the pages.

Personas: alice (staff of market, which owes the items here), bob (staff of science), the office,
a leader, and anonymous.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from bureaus.models import Bureau
from targets.models import Figure, Indicator, Period
from tasks_registry.models import KeyTask, TaskReport
from workflow.models import SubmissionState, Transition

pytestmark = pytest.mark.django_db

FIGURES = "/api/v1/figures/"
REPORTS = "/api/v1/task-reports/"

# What users read, in the default language (zh-hans): the workflow's own messages and DRF's.
LOCKED = "此事项已审核通过并锁定。"
STALE_START = "您打开此页面后，其他人已保存了此事项。"
NEGATIVE = "数值不能为负数。"
NOT_A_NUMBER = "请填写合法的数字。"
REQUIRED = "该字段是必填项。"
REASON_REQUIRED = "请填写理由。"
INVALID_INPUT = "无效的输入。"


@pytest.fixture
def as_user():
    """An API client logged in as a persona: as_user(alice)."""

    def _as(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _as


@pytest.fixture
def q3(db) -> Period:
    return Period.objects.create(year=2026, quarter=3, due_date=datetime.date(2026, 10, 10))


@pytest.fixture
def q2(db) -> Period:
    return Period.objects.create(year=2026, quarter=2, due_date=datetime.date(2026, 7, 10))


def make_figure(code, bureau, period, state=SubmissionState.DRAFT, value="800") -> Figure:
    return Figure.objects.create(
        indicator=Indicator.objects.get(code=code),
        bureau=bureau,
        period=period,
        value=Decimal(value),
        state=state,
    )


def make_report(number, bureau, period, state=SubmissionState.DRAFT) -> TaskReport:
    return TaskReport.objects.create(
        task=KeyTask.objects.get(number=number),
        bureau=bureau,
        period=period,
        work_done="召开联席会议",
        state=state,
    )


@pytest.fixture
def draft(market, q3) -> Figure:
    """Alice's bureau's draft of 有效发明专利 for 2026Q3."""
    return make_figure("2.1", market, q3)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(item["id"] for item in response.json()["results"])


# Reading


def test_it_refuses_anonymous_requests(draft):
    for url in (FIGURES, REPORTS, f"{FIGURES}{draft.pk}/"):
        assert APIClient().get(url).status_code in (401, 403)
    assert APIClient().post(f"{FIGURES}{draft.pk}/submit/").status_code in (401, 403)


def test_it_filters_figures_by_period_bureau_state_and_indicator(as_user, office, market, q2, q3):
    economy = Bureau.objects.get(code="economy")
    patents_q3 = make_figure("2.1", market, q3)
    valuable_q3 = make_figure("2.2", market, q3, state=SubmissionState.SUBMITTED)
    patents_q2 = make_figure("2.1", market, q2, state=SubmissionState.APPROVED)
    density_q3 = make_figure("3.1", economy, q3, value="1.5")
    api = as_user(office)
    everything = [patents_q3.pk, valuable_q3.pk, patents_q2.pk, density_q3.pk]
    assert ids(api.get(FIGURES)) == sorted(everything)
    assert ids(api.get(FIGURES, {"period": "2026Q3"})) == sorted(
        [patents_q3.pk, valuable_q3.pk, density_q3.pk]
    )
    assert ids(api.get(FIGURES, {"bureau": "economy"})) == [density_q3.pk]
    assert ids(api.get(FIGURES, {"state": "submitted"})) == [valuable_q3.pk]
    assert ids(api.get(FIGURES, {"indicator": "2.1"})) == sorted([patents_q3.pk, patents_q2.pk])
    assert ids(api.get(FIGURES, {"indicator": "2.1", "period": "2026Q2"})) == [patents_q2.pk]


def test_it_filters_task_reports_by_period_bureau_state_and_task(
    as_user, office, market, science, q2, q3
):
    market_1 = make_report(1, market, q3, state=SubmissionState.SUBMITTED)
    market_2 = make_report(2, market, q3)
    science_2 = make_report(2, science, q3)
    science_2_q2 = make_report(2, science, q2, state=SubmissionState.APPROVED)
    api = as_user(office)
    assert ids(api.get(REPORTS, {"bureau": "science"})) == sorted([science_2.pk, science_2_q2.pk])
    assert ids(api.get(REPORTS, {"task": 2, "period": "2026Q3"})) == sorted(
        [market_2.pk, science_2.pk]
    )
    assert ids(api.get(REPORTS, {"state": "submitted"})) == [market_1.pk]
    assert ids(api.get(REPORTS, {"state": "approved", "bureau": "science"})) == [science_2_q2.pk]


def test_it_refuses_a_malformed_filter(as_user, office, draft):
    response = as_user(office).get(FIGURES, {"period": "2026-3"})
    assert response.status_code == 400
    assert "period" in response.json()["errors"]
    assert as_user(office).get(FIGURES, {"state": "lost"}).status_code == 400


def test_it_shows_state_version_actions_and_transitions(as_user, alice, office, draft):
    as_user(alice).post(f"{FIGURES}{draft.pk}/submit/")
    body = as_user(office).get(f"{FIGURES}{draft.pk}/").json()
    assert body["state"] == "submitted" and body["version"] == 2
    assert body["indicator"] == "2.1" and body["bureau"] == "market"
    assert body["period"] == "2026Q3" and body["value"] == "800.0000"
    assert body["allowed_actions"] == ["approve", "return"]
    assert [(t["action"], t["user"]) for t in body["transitions"]] == [("submit", "alice")]
    assert as_user(alice).get(f"{FIGURES}{draft.pk}/").json()["allowed_actions"] == []


def test_it_lists_with_a_constant_number_of_queries(as_user, office, market, science, q2, q3):
    api = as_user(office)
    make_figure("2.1", market, q3)
    make_report(1, market, q3)
    # Both measurements read transitions, so both pay the content-type cache's first lookup.
    for item in [*Figure.objects.all(), *TaskReport.objects.all()]:
        Transition.objects.create(item=item, action="create", to_state="draft", user=office)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url).status_code == 200
        return len(queries)

    few = {url: count(url) for url in (FIGURES, REPORTS)}
    # More items, in more periods and bureaus, each with a history of transitions.
    for code in ("2.2", "2.4"):
        for period in (q2, q3):
            make_figure(code, market, period)
    for number, bureau in ((2, science), (5, science), (3, market)):
        make_report(number, bureau, q3)
    for item in [*Figure.objects.all(), *TaskReport.objects.all()]:
        Transition.objects.create(item=item, action="submit", to_state="submitted", user=office)
    assert {url: count(url) for url in (FIGURES, REPORTS)} == few


# Writing as the owning bureau


def test_it_lets_alice_create_a_figure_for_her_own_bureau(as_user, alice, q3):
    response = as_user(alice).post(
        FIGURES,
        {"indicator": "2.1", "period": "2026Q3", "value": "812", "bureau": "science"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["bureau"] == "market"  # from the user, never from the payload
    assert body["state"] == "draft" and body["version"] == 1
    assert body["allowed_actions"] == ["save", "submit"]
    assert [t["action"] for t in body["transitions"]] == ["create"]
    figure = Figure.objects.get(pk=body["id"])
    assert (figure.bureau.code, figure.value, figure.updated_by) == ("market", 812, alice)


def test_it_lets_alice_create_a_task_report_for_a_task_her_bureau_cooperates_on(as_user, alice):
    response = as_user(alice).post(
        REPORTS,
        {"task": 2, "period": "2026Q3", "status": "on_track", "work_done": "制定激励政策"},
        format="json",
    )
    assert response.status_code == 201, response.content
    report = TaskReport.objects.get(pk=response.json()["id"])
    assert (report.task.number, report.bureau.code, str(report.period)) == (2, "market", "2026Q3")


def test_it_refuses_a_second_item_for_the_same_period(as_user, alice, draft):
    response = as_user(alice).post(
        FIGURES, {"indicator": "2.1", "period": "2026Q3", "value": "1"}, format="json"
    )
    assert response.status_code == 409
    assert Figure.objects.count() == 1


def test_it_refuses_an_indicator_the_bureau_does_not_report(as_user, alice, q3):
    response = as_user(alice).post(
        FIGURES, {"indicator": "3.1", "period": "2026Q3", "value": "1"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["indicator"]
    assert not Figure.objects.exists()


def test_it_updates_a_draft_given_its_version(as_user, alice, draft):
    response = as_user(alice).patch(
        f"{FIGURES}{draft.pk}/", {"value": "810", "note": "含外观设计", "version": 1}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 2
    draft.refresh_from_db()
    assert (draft.value, draft.note, draft.version) == (810, "含外观设计", 2)


def test_it_ignores_a_state_in_the_payload(as_user, alice, draft):
    response = as_user(alice).patch(
        f"{FIGURES}{draft.pk}/", {"state": "approved", "version": 1}, format="json"
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.state == SubmissionState.DRAFT


def test_it_requires_the_version_to_update(as_user, alice, draft):
    response = as_user(alice).patch(f"{FIGURES}{draft.pk}/", {"value": "810"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"version": [REQUIRED]}
    draft.refresh_from_db()
    assert draft.value == 800


def test_it_refuses_a_stale_version_and_keeps_the_first_write(as_user, alice, draft):
    first = as_user(alice).patch(
        f"{FIGURES}{draft.pk}/", {"value": "810", "version": 1}, format="json"
    )
    second = as_user(alice).patch(
        f"{FIGURES}{draft.pk}/", {"value": "999", "version": 1}, format="json"
    )
    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["code"] == "stale"
    assert second.json()["detail"].startswith(STALE_START)
    draft.refresh_from_db()
    assert (draft.value, draft.version) == (810, 2)


def test_it_lets_alice_submit(as_user, alice, draft):
    response = as_user(alice).post(f"{FIGURES}{draft.pk}/submit/", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "submitted"
    draft.refresh_from_db()
    assert draft.state == SubmissionState.SUBMITTED and draft.submitted_at is not None


def test_it_refuses_to_submit_an_incomplete_task_report(as_user, alice, market, q3):
    report = make_report(1, market, q3)
    TaskReport.objects.filter(pk=report.pk).update(work_done="")
    response = as_user(alice).post(f"{REPORTS}{report.pk}/submit/")
    assert response.status_code == 400
    assert response.json()["detail"] == "暂不能提交：请修改标出的内容。"
    assert list(response.json()["errors"]) == ["work_done"]
    report.refresh_from_db()
    assert report.state == SubmissionState.DRAFT


# Validation, in Chinese


def test_it_refuses_a_negative_value_in_chinese(as_user, alice, draft, q3):
    created = as_user(alice).post(
        FIGURES, {"indicator": "2.2", "period": "2026Q3", "value": "-5"}, format="json"
    )
    assert created.status_code == 400
    assert created.json() == {
        "detail": INVALID_INPUT,
        "code": "invalid",
        "errors": {"value": [NEGATIVE]},
    }
    updated = as_user(alice).patch(
        f"{FIGURES}{draft.pk}/", {"value": "-5", "version": 1}, format="json"
    )
    assert updated.status_code == 400
    assert updated.json()["errors"] == {"value": [NEGATIVE]}
    draft.refresh_from_db()
    assert draft.value == 800
    assert not Figure.objects.filter(indicator__code="2.2").exists()


def test_it_refuses_a_text_value_in_chinese(as_user, alice, draft):
    response = as_user(alice).patch(
        f"{FIGURES}{draft.pk}/", {"value": "八百", "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"value": [NOT_A_NUMBER]}


def test_it_refuses_a_fraction_of_a_counted_unit(as_user, alice, draft):
    response = as_user(alice).patch(
        f"{FIGURES}{draft.pk}/", {"value": "800.5", "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"value": ["件须为整数。"]}


# Review by the office


def test_it_lets_the_office_approve_and_records_the_transition(as_user, alice, office, draft):
    as_user(alice).post(f"{FIGURES}{draft.pk}/submit/")
    response = as_user(office).post(f"{FIGURES}{draft.pk}/approve/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "approved"
    assert body["allowed_actions"] == ["reopen"]
    last = body["transitions"][-1]
    assert (last["action"], last["from_state"], last["to_state"], last["user"]) == (
        "approve",
        "submitted",
        "approved",
        "office",
    )
    assert Transition.objects.filter(object_id=draft.pk, action="approve", user=office).exists()


def test_it_lets_the_office_return_with_a_comment(as_user, alice, office, market, q3):
    report = make_report(1, market, q3)
    as_user(alice).post(f"{REPORTS}{report.pk}/submit/")
    without = as_user(office).post(f"{REPORTS}{report.pk}/return/", {"comment": " "})
    assert without.status_code == 400
    assert without.json()["errors"] == {"comment": [REASON_REQUIRED]}
    response = as_user(office).post(
        f"{REPORTS}{report.pk}/return/", {"comment": "请补充会议纪要"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "returned"
    assert response.json()["transitions"][-1]["comment"] == "请补充会议纪要"
    # Returned is editable again by the bureau.
    version = response.json()["version"]
    again = as_user(alice).patch(
        f"{REPORTS}{report.pk}/", {"problems": "纪要待签发", "version": version}, format="json"
    )
    assert again.status_code == 200, again.content


def test_it_lets_the_office_reopen_an_approved_item_with_a_reason(as_user, office, market, q3):
    figure = make_figure("2.1", market, q3, state=SubmissionState.APPROVED)
    without = as_user(office).post(f"{FIGURES}{figure.pk}/reopen/")
    assert without.status_code == 400
    assert without.json()["errors"] == {"reason": [REASON_REQUIRED]}
    response = as_user(office).post(f"{FIGURES}{figure.pk}/reopen/", {"reason": "口径调整"})
    assert response.status_code == 200
    assert response.json()["state"] == "returned"
    assert response.json()["transitions"][-1]["comment"] == "口径调整"


# Illegal transitions


def test_it_refuses_to_approve_a_draft(as_user, office, draft):
    response = as_user(office).post(f"{FIGURES}{draft.pk}/approve/")
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert response.json()["detail"] == "事项处于“草稿”状态，不能进行“已审核”操作。"
    draft.refresh_from_db()
    assert draft.state == SubmissionState.DRAFT


def test_it_refuses_to_submit_twice(as_user, alice, draft):
    assert as_user(alice).post(f"{FIGURES}{draft.pk}/submit/").status_code == 200
    response = as_user(alice).post(f"{FIGURES}{draft.pk}/submit/")
    assert response.status_code == 409
    assert Transition.objects.filter(object_id=draft.pk, action="submit").count() == 1


def test_it_refuses_to_edit_an_approved_figure(as_user, alice, market, q3):
    figure = make_figure("2.1", market, q3, state=SubmissionState.APPROVED)
    response = as_user(alice).patch(
        f"{FIGURES}{figure.pk}/", {"value": "1", "version": 1}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "locked"
    assert response.json()["detail"] == LOCKED
    figure.refresh_from_db()
    assert figure.value == 800


def test_it_refuses_to_edit_a_submitted_figure(as_user, alice, draft):
    as_user(alice).post(f"{FIGURES}{draft.pk}/submit/")
    response = as_user(alice).patch(
        f"{FIGURES}{draft.pk}/", {"value": "1", "version": 2}, format="json"
    )
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.value == 800


def test_it_refuses_staff_approving_their_own_item(as_user, alice, draft):
    as_user(alice).post(f"{FIGURES}{draft.pk}/submit/")
    response = as_user(alice).post(f"{FIGURES}{draft.pk}/approve/")
    assert response.status_code == 403
    assert response.json()["detail"] == "只有领导小组办公室可以进行此操作。"


def test_it_refuses_the_office_editing_a_bureaus_figure(as_user, office, draft):
    response = as_user(office).patch(
        f"{FIGURES}{draft.pk}/", {"value": "1", "version": 1}, format="json"
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.value == 800


# Another bureau, and a leader


def test_it_hides_alices_items_from_bob(as_user, bob, market, q3, draft):
    report = make_report(1, market, q3)
    api = as_user(bob)
    assert ids(api.get(FIGURES)) == [] and ids(api.get(REPORTS)) == []
    assert api.get(f"{FIGURES}{draft.pk}/").status_code == 404
    assert api.get(f"{REPORTS}{report.pk}/").status_code == 404
    patch = api.patch(f"{FIGURES}{draft.pk}/", {"value": "1", "version": 1}, format="json")
    assert patch.status_code == 404
    assert api.post(f"{FIGURES}{draft.pk}/submit/").status_code == 404
    assert api.post(f"{REPORTS}{report.pk}/submit/").status_code == 404
    draft.refresh_from_db()
    assert (draft.value, draft.state) == (800, SubmissionState.DRAFT)


def test_it_refuses_bob_creating_for_market(as_user, bob, q3):
    api = as_user(bob)
    figure = api.post(
        FIGURES,
        {"indicator": "2.1", "period": "2026Q3", "value": "1", "bureau": "market"},
        format="json",
    )
    assert figure.status_code == 400
    assert list(figure.json()["errors"]) == ["indicator"]
    report = api.post(REPORTS, {"task": 1, "period": "2026Q3", "bureau": "market"}, format="json")
    assert report.status_code == 400
    assert list(report.json()["errors"]) == ["task"]
    assert not Figure.objects.exists() and not TaskReport.objects.exists()
    # What science does owe, it may create, and it is science's.
    own = api.post(REPORTS, {"task": 2, "period": "2026Q3"}, format="json")
    assert own.status_code == 201 and own.json()["bureau"] == "science"


def test_it_lets_a_leader_read_but_not_write(as_user, alice, leader, draft, q3):
    api = as_user(leader)
    assert ids(api.get(FIGURES)) == [draft.pk]
    assert api.get(f"{FIGURES}{draft.pk}/").json()["allowed_actions"] == []
    created = api.post(
        FIGURES, {"indicator": "2.2", "period": "2026Q3", "value": "1"}, format="json"
    )
    assert created.status_code == 403
    assert created.json()["detail"] == "只有报送单位的填报人员可以修改此事项。"
    assert api.post(REPORTS, {"task": 1, "period": "2026Q3"}, format="json").status_code == 403
    patch = api.patch(f"{FIGURES}{draft.pk}/", {"value": "1", "version": 1}, format="json")
    assert patch.status_code == 403
    assert api.post(f"{FIGURES}{draft.pk}/submit/").status_code == 403
    as_user(alice).post(f"{FIGURES}{draft.pk}/submit/")
    assert api.post(f"{FIGURES}{draft.pk}/approve/").status_code == 403
    assert api.post(f"{FIGURES}{draft.pk}/return/", {"comment": "x"}).status_code == 403
    draft.refresh_from_db()
    assert (draft.value, draft.state) == (800, SubmissionState.SUBMITTED)
    assert Figure.objects.count() == 1 and not TaskReport.objects.exists()


def test_it_documents_the_reporting_endpoints_in_the_schema(tmp_path):
    path = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    text = path.read_text()
    for route in ("/api/v1/figures/{id}/submit/", "/api/v1/task-reports/{id}/return/"):
        assert route in text
    assert "ReportingError" in text
