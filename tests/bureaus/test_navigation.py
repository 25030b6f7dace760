"""Each role logs in and is offered the right pages; anonymous users are sent to log in."""

import pytest
from django.urls import reverse

from bureaus.models import Role, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def nav_links(response) -> set[str]:
    return {item.url_name for item in response.context["nav_items"]}


def test_it_sends_an_anonymous_user_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_logs_in_with_the_login_form(client, alice):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_it_refuses_a_wrong_password_with_a_chinese_message(client, alice):
    response = client.post(
        reverse("login"), {"username": "alice", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_bureau_staff_see_the_programme_but_not_the_admin(login, alice):
    response = login(alice).get("/")
    assert response.status_code == 200
    links = nav_links(response)
    assert {"home", "tasks_registry:task-list"} <= links
    assert not links & {"admin:index", "api-docs", "health:status"}


def test_the_office_is_offered_the_admin_and_the_api(login, office):
    links = nav_links(login(office).get("/"))
    assert {"admin:index", "api-docs"} <= links
    assert "health:status" not in links


def test_a_leader_reads_the_programme_only(login, leader):
    links = nav_links(login(leader).get("/"))
    assert "admin:index" not in links
    assert "home" in links


def test_the_administrator_sees_system_health(login, admin_user):
    assert "health:status" in nav_links(login(admin_user).get("/"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 302), ("leader", 302), ("office", 200), ("admin_user", 200)],
)
def test_only_office_and_admin_open_the_django_admin(request, client, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/admin/").status_code == status


def test_the_office_edits_key_tasks_in_the_admin(login, office):
    response = login(office).get("/admin/tasks_registry/keytask/")
    assert response.status_code == 200
    assert "强化部门协同管理机制" in response.content.decode()


def test_only_the_administrator_opens_the_health_page(login, office, admin_user):
    assert login(office).get(reverse("health:status")).status_code == 403
    assert login(admin_user).get(reverse("health:status")).status_code == 200


def test_a_superuser_made_on_the_command_line_is_an_administrator(db):
    user = User.objects.create_superuser("boss", "boss@example.com", PASSWORD)
    assert user.role == Role.ADMIN and user.is_staff
