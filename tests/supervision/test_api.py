"""/api/v1/supervision-items/ and /api/v1/activities/: scoped like the pages, written through the
same services (and their refusals)."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from bureaus.models import Bureau, Role
from tasks_registry.models import SupervisionStatus
from tests.conftest import make_user

from .conftest import activity

pytestmark = pytest.mark.django_db

ITEMS = "/api/v1/supervision-items/"


@pytest.fixture
def api():
    def _as(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _as


def test_it_lists_what_each_persona_may_see(api, finding, office, bob):
    carol = make_user("carol", Role.STAFF, Bureau.objects.get(code="finance"))
    assert [r["id"] for r in api(office).get(ITEMS).json()["results"]] == [finding.pk]
    row = api(bob).get(ITEMS).json()["results"][0]  # co-operating
    assert (row["lead_bureau"], row["cooperating_bureaus"]) == ("market", ["science"])
    assert row["overdue"] is False and row["remaining_days"] == finding.remaining_days(
        timezone.localdate()
    )
    assert api(carol).get(ITEMS).json()["results"] == []
    assert api(carol).get(f"{ITEMS}{finding.pk}/").status_code == 404


def test_the_bureau_reports_and_the_office_signs_off(api, finding, alice, office, leader):
    url = f"{ITEMS}{finding.pk}/"
    response = api(alice).post(f"{url}updates/", {"text": "完成", "reports_done": True})
    assert response.status_code == 201
    assert api(alice).post(f"{url}sign-off/", {}).status_code == 403
    assert api(leader).post(f"{url}sign-off/", {}).status_code == 403
    response = api(office).post(f"{url}sign-off/", {"comment": "同意"})
    assert response.status_code == 200 and response.json()["signed_off_at"]
    finding.refresh_from_db()
    assert finding.status == SupervisionStatus.DONE and finding.is_signed_off
    # Closed: a further update conflicts.
    assert api(alice).post(f"{url}updates/", {"text": "补充"}).status_code == 409


def test_send_back_needs_a_reason(api, finding, alice, office):
    url = f"{ITEMS}{finding.pk}/"
    api(alice).post(f"{url}updates/", {"text": "完成", "reports_done": True})
    assert api(office).post(f"{url}send-back/", {"comment": ""}).status_code == 400
    assert api(office).post(f"{url}send-back/", {"comment": "材料不全"}).status_code == 200


def test_activities_are_scoped_and_filtered(api, alice, bob, office):
    activity(alice.bureau, alice, date=datetime.date(2025, 3, 1), title="甲")
    activity(bob.bureau, bob, date=datetime.date(2025, 3, 1), title="乙")
    activity(bob.bureau, bob, date=datetime.date(2024, 3, 1), title="丙")
    titles = [r["title"] for r in api(alice).get("/api/v1/activities/").json()["results"]]
    assert titles == ["甲"]
    rows = api(office).get("/api/v1/activities/?year=2025").json()["results"]
    assert sorted(r["title"] for r in rows) == ["乙", "甲"]
