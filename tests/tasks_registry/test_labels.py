"""Each form and list says what its own records are: an activity has a 简介, a supervision item a
来源; only a case has a 简要案情 and a 案件来源."""

from django.urls import reverse


def page(client, name) -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_the_activity_form_does_not_speak_of_a_case(login, alice):
    html = page(login(alice), "tasks_registry:activity-new")
    assert "简介" in html
    assert "简要案情" not in html


def test_the_supervision_list_does_not_speak_of_a_case(login, office):
    html = page(login(office), "tasks_registry:supervision-list")
    assert "来源" in html
    assert "案件来源" not in html


def test_the_case_form_keeps_its_words(login, alice):
    html = page(login(alice), "enforcement:case-create")
    assert "简要案情" in html and "案件来源" in html
