"""The home page shows every logged-in user the targets and the 19 tasks with their owners."""

import pytest
from django.urls import reverse

from tasks_registry.models import KeyTask

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["alice", "bob", "office", "leader", "admin_user"])
def test_every_role_sees_the_19_tasks_and_the_targets(request, login, persona):
    response = login(request.getfixturevalue(persona)).get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    for task in KeyTask.objects.all():
        assert task.title in html
    assert "≥ 900 件" in html and "≥ 19000 件" in html
    # R3.2: 2.3 is a yearly average (年均), 3.3 a total growth (累计)
    assert "年均增长 ≥ 10%" in html and "累计增长 ≥ 50%" in html
    assert html.count('class="key-task"') == 19


def test_the_home_page_shows_owners_marked_as_defaults(login, alice):
    """R4.1: owners the plan does not give are the portal's proposal, never "the plan's"."""
    html = login(alice).get(reverse("home")).content.decode()
    assert "区法院" in html  # lead of task 9
    assert "系统预置（待办公室确认）" in html
    assert "方案默认分工" not in html


def test_the_home_page_query_count_does_not_grow_with_owners(
    login, alice, django_assert_max_num_queries
):
    client = login(alice)
    client.get(reverse("home"))
    with django_assert_max_num_queries(12):
        client.get(reverse("home"))


def test_a_task_page_shows_its_description_and_owners(login, bob):
    response = login(bob).get(reverse("tasks_registry:task-detail", args=[9]))
    html = response.content.decode()
    assert "加强知识产权司法保护" in html
    assert "惩罚性赔偿制度" in html
    assert "区检察院" in html


def test_an_unknown_task_is_404(login, bob):
    assert login(bob).get("/programme/tasks/20/").status_code == 404
