"""R4.2: the key-task API says of each owner what the task page says: the portal's default
(系统预置（待办公室确认）), that default confirmed by the office (by whom, when), or set by the
office."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bureaus.models import Bureau, BureauKind
from core.provenance import confirm
from tasks_registry.models import KeyTask, OwnershipRole
from tasks_registry.ownership import ownership_change
from tests.targets.factories import period

pytestmark = pytest.mark.django_db
LABEL = "系统预置（待办公室确认）"
DEC_2 = datetime.date(2026, 12, 2)


def owners(api, number: int) -> dict[str, dict]:
    response = api.get(f"/api/v1/key-tasks/{number}/")
    assert response.status_code == 200
    return {o["bureau"]: o for o in response.json()["owners"]}


@pytest.fixture
def api(alice):
    client = APIClient()
    client.force_authenticate(alice)
    return client


def test_each_owner_says_whose_it_is(api, client, office, alice, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DEC_2)
    court = owners(api, 9)["court"]
    assert (court["role"], court["is_default"], court["provenance"]) == ("lead", True, "default")
    assert court["confirmed_by"] is None and court["confirmed_at"] is None

    lead = KeyTask.objects.get(number=9).ownerships.get(role=OwnershipRole.LEAD)
    [lead] = confirm([lead], user=office)
    court = owners(api, 9)["court"]
    assert (court["provenance"], court["confirmed_by"]) == ("confirmed", "office")
    assert datetime.datetime.fromisoformat(court["confirmed_at"]) == lead.confirmed_at

    town = Bureau.objects.create(code="town-x", name="甲镇", kind=BureauKind.TOWN)
    ownership_change(
        task=KeyTask.objects.get(number=8),
        bureau=town,
        role=OwnershipRole.COOPERATING,
        from_period=period(2026, 4),
        user=office,
    )
    added = owners(api, 8)["town-x"]
    assert (added["is_default"], added["provenance"], added["confirmed_by"]) == (
        False,
        "office",
        "office",
    )
    assert added["from_period"] == "2026Q4"

    # The task page labels exactly the owners the API calls "default".
    client.force_login(alice)
    html = client.get(reverse("tasks_registry:task-detail", args=[9])).content.decode()
    api_defaults = [o for o in owners(api, 9).values() if o["provenance"] == "default"]
    assert html.count(LABEL) == len(api_defaults)


def test_the_list_reads_owners_and_confirmations_in_a_fixed_number_of_queries(
    api, office, django_assert_max_num_queries
):
    confirm(KeyTask.objects.get(number=1).ownerships.all(), user=office)
    with django_assert_max_num_queries(6):
        body = api.get("/api/v1/key-tasks/", {"page_size": 50}).json()
    assert body["count"] == 19
    first = {o["provenance"] for o in body["results"][0]["owners"]}
    assert first == {"confirmed"}
