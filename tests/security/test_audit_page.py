"""The auditor's page (三权分立): the auditor reads and exports the audit log; no other role
opens it, and the auditor is offered nothing else."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

import audit
from audit.models import AuditEvent, Event
from bureaus.models import Role

pytestmark = pytest.mark.django_db

EVENTS = reverse("audit:events")
EXPORT = reverse("audit:export")


@pytest.fixture
def some_events(alice, bob):
    audit.record(Event.EXPORT, user=alice)
    audit.record(Event.LOGIN, user=bob)
    # Ten days ago: written with its time (PostgreSQL refuses any later UPDATE of the log).
    return AuditEvent.objects.create(
        event=Event.LOGIN,
        user=alice,
        username=alice.username,
        at=timezone.now() - datetime.timedelta(days=10),
    )


def listed(response) -> list[tuple[str, str]]:
    return [(e.username, e.event) for e in response.context["page"]]


def test_it_shows_the_log_to_the_auditor(login, auditor, some_events):
    response = login(auditor).get(EVENTS)
    assert response.status_code == 200
    assert {("alice", Event.EXPORT), ("bob", Event.LOGIN), ("alice", Event.LOGIN)} <= set(
        listed(response)
    )


def test_it_filters_by_user_event_and_dates(login, auditor, some_events):
    client = login(auditor)
    assert set(listed(client.get(EVENTS, {"username": "alice"}))) == {
        ("alice", Event.EXPORT),
        ("alice", Event.LOGIN),
    }
    by_event = listed(client.get(EVENTS, {"event": Event.EXPORT}))
    assert by_event == [("alice", Event.EXPORT)]
    today = timezone.localdate()
    recent = listed(client.get(EVENTS, {"username": "alice", "date_from": today}))
    assert recent == [("alice", Event.EXPORT)]
    older = today - datetime.timedelta(days=10)
    old = listed(client.get(EVENTS, {"username": "alice", "date_from": older, "date_to": older}))
    assert old == [("alice", Event.LOGIN)]


def test_it_exports_the_filtered_log_to_excel_as_text(login, auditor, alice):
    audit.record(Event.EXPORT, user=alice, detail={"file": "=HYPERLINK(1)"})
    audit.record(Event.LOGIN, user=alice)
    response = login(auditor).get(EXPORT, {"event": Event.EXPORT, "username": "alice"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 1
    assert rows[0][1].value == "alice"
    detail = rows[0][6]
    assert detail.data_type == "s" and "=HYPERLINK(1)" in detail.value
    # The export is itself recorded.
    assert AuditEvent.objects.filter(event=Event.EXPORT, user__role=Role.AUDITOR).exists()


@pytest.mark.parametrize("persona", ["alice", "bob", "office", "leader", "admin_user"])
def test_it_refuses_the_log_to_every_other_role(request, login, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(EVENTS).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_it_sends_anonymous_users_to_log_in(client):
    response = client.get(EVENTS)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_offers_the_auditor_the_audit_log_only(login, auditor):
    assert not auditor.sees_all_bureaus and not auditor.is_staff
    response = login(auditor).get(EVENTS)
    assert [item.url_name for item in response.context["nav_items"]] == ["audit:events"]
