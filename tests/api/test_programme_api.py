"""The read API lists bureaus, indicators and key tasks, with filters, behind authentication."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from bureaus import tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(alice):
    client = APIClient()
    client.force_authenticate(alice)
    return client


def test_it_refuses_anonymous_requests():
    assert APIClient().get("/api/v1/key-tasks/").status_code in (401, 403)


def test_it_lists_the_19_tasks_with_owners(api):
    body = api.get("/api/v1/key-tasks/", {"page_size": 50}).json()
    assert body["count"] == 19
    first = body["results"][0]
    assert first["number"] == 1 and first["title"] == "强化部门协同管理机制"
    assert any(o["role"] == "lead" for o in first["owners"])


def test_it_filters_tasks_by_group_and_lead_bureau(api):
    assert api.get("/api/v1/key-tasks/", {"group": 6}).json()["count"] == 3
    led_by_court = api.get("/api/v1/key-tasks/", {"lead": "court"}).json()["results"]
    assert [t["number"] for t in led_by_court] == [9]


def test_it_fetches_one_task_by_its_number(api):
    assert api.get("/api/v1/key-tasks/17/").json()["title"] == "加强知识产权人才队伍建设"


def test_it_lists_indicators_with_targets(api):
    body = api.get("/api/v1/indicators/", {"kind": "annual_floor"}).json()
    targets = {i["name"]: i["target_value"] for i in body["results"]}
    assert targets == {
        "知识产权主题宣传活动": "2.0000",
        "企事业单位职工参加知识产权培训讲座": "1000.0000",
    }
    assert api.get("/api/v1/indicators/", {"area__number": 5}).json()["count"] == 2


def test_it_lists_bureaus_by_kind(api):
    body = api.get("/api/v1/bureaus/", {"kind": "court"}).json()
    assert [b["name"] for b in body["results"]] == ["区法院"]


def test_a_token_authenticates(alice):
    key, _token = tokens.issue(user=alice)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/bureaus/").status_code == 200


def test_it_issues_a_token_for_a_username_and_password(alice):
    from tests.conftest import PASSWORD

    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200 and len(response.json()["token"]) == 43  # 256 bits


def test_the_schema_validates(tmp_path):
    path = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    text = path.read_text()
    for route in ("/api/v1/key-tasks/", "/api/v1/indicators/", "/api/v1/bureaus/"):
        assert route in text


def test_swagger_ui_is_served_from_our_own_static_files(api, client, alice):
    client.force_login(alice)
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
