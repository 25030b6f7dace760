"""Sessions: idle and absolute timeouts, a new key at login, and ending every session of a user
who is deactivated or changes the password."""

import time

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent, Event
from bureaus.middleware import LAST_SEEN, STARTED
from tests.conftest import PASSWORD

from .conftest import logged_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Hw4%pLx9sD"


def shift(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[{"started": STARTED, "last_seen": LAST_SEEN}[key]] = time.time() - ago
    session.save()


def sent_to_login(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_is_configured_for_thirty_minutes_idle_and_eight_hours(settings):
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_ABSOLUTE_SECONDS == 8 * 3600
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_it_logs_out_after_thirty_idle_minutes(alice):
    client = logged_in(alice)
    shift(client, last_seen=29 * 60)
    assert client.get("/").status_code == 200
    shift(client, last_seen=31 * 60)
    assert sent_to_login(client.get("/"))
    event = AuditEvent.objects.filter(event=Event.LOGOUT, username="alice").get()
    assert event.detail == {"reason": "idle"}


def test_it_logs_out_eight_hours_after_login_even_when_active(alice):
    client = logged_in(alice)
    shift(client, started=8 * 3600 - 60, last_seen=60)
    assert client.get("/").status_code == 200
    shift(client, started=8 * 3600 + 60, last_seen=60)
    assert sent_to_login(client.get("/"))


def test_it_gives_a_new_session_key_at_login(alice):
    client = Client()
    session = client.session
    session["before_login"] = True
    session.save()
    before = session.session_key
    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get("/").status_code == 200


def test_it_ends_every_session_of_a_deactivated_user(alice, bob):
    first, second, other = logged_in(alice), logged_in(alice), logged_in(bob)
    alice.is_active = False
    alice.save()
    assert sent_to_login(first.get("/"))
    assert sent_to_login(second.get("/"))
    assert other.get("/").status_code == 200


def test_it_ends_the_other_sessions_when_the_password_changes(alice):
    this, other = logged_in(alice), logged_in(alice)
    response = this.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert this.get("/").status_code == 200  # the session that changed it stays
    assert sent_to_login(other.get("/"))
    assert AuditEvent.objects.filter(event=Event.PASSWORD_CHANGE, object_id=str(alice.pk)).exists()
