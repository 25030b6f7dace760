"""Who sees which case, on the page, the API and the export, for every persona: staff of the
handling bureau (alice), of another bureau (bob), court staff, the receiver of a transfer, the
office, a leader, the administrator and anonymous."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enforcement import services
from enforcement.models import Case

pytestmark = pytest.mark.django_db

READERS = ["office", "leader", "admin_user"]


def exported_numbers(response) -> list[str]:
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


def listed(client) -> str:
    return client.get(reverse("enforcement:case-list")).content.decode()


@pytest.fixture
def court_case(court_user, make_case):
    return make_case(
        court_user, number="（2026）渝0100民初1号", proceeding="civil", title="侵害商标权纠纷"
    )


def test_it_shows_the_handling_bureau_its_case_everywhere(login, alice, case):
    client = login(alice)
    assert client.get(case.get_absolute_url()).status_code == 200
    assert case.number in listed(client)
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 200
    assert exported_numbers(client.get(reverse("enforcement:case-export"))) == [case.number]


def test_it_answers_404_to_another_bureau_everywhere(login, bob, case):
    client = login(bob)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(reverse("enforcement:case-edit", args=[case.pk])).status_code == 404
    assert client.post(reverse("enforcement:case-step", args=[case.pk]), {}).status_code == 404
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("case-list")).json()["count"] == 0
    assert case.number not in listed(client)
    assert exported_numbers(client.get(reverse("enforcement:case-export"))) == []


@pytest.mark.parametrize("persona", READERS)
def test_it_shows_every_case_to_readers(request, login, persona, case, court_case):
    client = login(request.getfixturevalue(persona))
    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.get(court_case.get_absolute_url()).status_code == 200
    assert client.get(reverse("case-list")).json()["count"] == 2
    numbers = exported_numbers(client.get(reverse("enforcement:case-export")))
    assert sorted(numbers) == sorted([case.number, court_case.number])


def test_it_keeps_the_courts_proceedings_to_the_court(login, court_user, alice, case, court_case):
    court = login(court_user)
    assert court.get(court_case.get_absolute_url()).status_code == 200
    assert court.get(case.get_absolute_url()).status_code == 404
    assert [c["number"] for c in court.get(reverse("case-list")).json()["results"]] == [
        court_case.number
    ]
    market = login(alice)
    assert market.get(court_case.get_absolute_url()).status_code == 404
    assert court_case.number not in exported_numbers(market.get(reverse("enforcement:case-export")))


def test_it_shows_a_transferred_case_to_the_receiver(login, alice, case, police, police_user):
    client = login(police_user)
    assert client.get(case.get_absolute_url()).status_code == 404
    services.case_transfer(case, user=alice, to_bureau=police, reason="涉嫌犯罪")
    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.get(reverse("case-detail", args=[case.pk])).status_code == 200
    assert exported_numbers(client.get(reverse("enforcement:case-export"))) == [case.number]
    assert case.number in listed(client)


def test_it_turns_anonymous_users_away(client, case):
    response = client.get(case.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("enforcement:case-export")).status_code == 302
    assert client.get(reverse("case-list")).status_code in (401, 403)
    assert Case.objects.visible_to(client.get("/").wsgi_request.user).count() == 0


def test_it_offers_statistics_to_the_office_and_leaders_only(login, alice, office, leader, case):
    url = reverse("enforcement:statistics")
    assert login(alice).get(url).status_code == 403
    assert login(office).get(url).status_code == 200
    assert login(leader).get(url).status_code == 200


def test_it_lets_only_the_handlers_staff_open_the_forms(login, alice, office, case):
    assert login(alice).get(reverse("enforcement:case-create")).status_code == 200
    assert login(alice).get(reverse("enforcement:case-edit", args=[case.pk])).status_code == 200
    assert login(office).get(reverse("enforcement:case-create")).status_code == 403
    assert login(office).get(reverse("enforcement:case-edit", args=[case.pk])).status_code == 403


def test_it_offers_the_register_to_everyone_and_statistics_to_readers(alice, office, leader):
    from bureaus.navigation import nav_for

    for user, sees_statistics in ((alice, False), (office, True), (leader, True)):
        names = [item.url_name for item in nav_for(user)]
        assert "enforcement:case-list" in names
        assert ("enforcement:statistics" in names) is sees_statistics


def test_it_keeps_the_auditor_out(login, case):
    from bureaus.models import Role
    from tests.conftest import make_user

    auditor = make_user("audrey", Role.AUDITOR, None)
    client = login(auditor)
    assert client.get(reverse("enforcement:case-list")).status_code == 403
    assert client.get(case.get_absolute_url()).status_code == 403
    assert client.get(reverse("enforcement:case-export")).status_code == 403
    assert client.get(reverse("case-list")).status_code == 403
    assert Case.objects.visible_to(auditor).count() == 0
