"""Passwords (MLPS 8.1.4.1 a, b): the current-password check on the change page is throttled and
audited like a login; a new password is not the current one nor one of the last five, has no long
run of one character and does not contain the username."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent, Event, Outcome
from bureaus.models import Role, User
from bureaus.passwords import TOO_MANY_TRIES
from tests.conftest import PASSWORD, make_user

from .conftest import logged_in
from .test_passwords import codes

pytestmark = pytest.mark.django_db

CHANGE = reverse("password_change")


def change(client: Client, old: str, new: str):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def new_password_errors(response) -> set[str]:
    assert response.status_code == 200
    return {e.code for e in response.context["form"].errors.as_data().get("new_password2", [])}


def test_a_wrong_current_password_is_audited_and_throttled(alice):
    """Five wrong current passwords lock the account at this address, as five wrong logins do;
    the right one is then refused too, and the login page locks as well."""
    client = logged_in(alice)
    for n in range(1, 5):
        response = change(client, f"wrong-{n}", "Kq7#wLm2vR")
        assert response.status_code == 200
        assert response.context["form"].errors["old_password"]
    assert (
        AuditEvent.objects.filter(
            event=Event.LOGIN_FAILED, username="alice", outcome=Outcome.FAILURE
        ).count()
        == 4
    )
    assert change(client, "wrong-5", "Kq7#wLm2vR").status_code == 429
    assert AuditEvent.objects.filter(event=Event.LOCKOUT, username="alice").exists()
    response = change(client, PASSWORD, "Kq7#wLm2vR")
    assert response.status_code in (200, 429)
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
    login = Client().post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert login.status_code == 429


def test_the_locked_form_says_why(alice, settings):
    client = logged_in(alice)
    for n in range(4):
        change(client, f"wrong-{n}", "Kq7#wLm2vR")
    settings.AXES_FAILURE_LIMIT = 4  # locked now, without this request being the lockout
    response = change(client, PASSWORD, "Kq7#wLm2vR")
    assert response.status_code == 200
    assert str(TOO_MANY_TRIES % {"minutes": 30}) in response.context["form"].errors["old_password"]


def test_the_same_password_is_refused_as_new(alice):
    client = logged_in(alice)
    assert "password_used_before" in new_password_errors(change(client, PASSWORD, PASSWORD))
    alice.refresh_from_db()
    assert alice.password_changed_at is not None


def test_it_refuses_the_last_five_passwords_and_accepts_the_sixth_back(alice):
    """alice changes five times; each earlier password is refused until five newer ones came."""
    client = logged_in(alice)
    used = [PASSWORD, "Kq7#wLm2vA", "Kq7#wLm2vB", "Kq7#wLm2vC", "Kq7#wLm2vD", "Kq7#wLm2vE"]
    for old, new in zip(used, used[1:], strict=False):
        response = change(client, old, new)
        assert response.status_code == 302, response.context["form"].errors
    alice.refresh_from_db()
    assert len(alice.password_history) == 5
    for earlier in used[2:]:  # the current one and the four before it
        assert "password_used_before" in new_password_errors(change(client, used[-1], earlier))
    # PASSWORD was six passwords ago: allowed again
    assert change(client, used[-1], PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["aaaaaaa1A", "Kq7####wL", "Kq7wLm1111"])
def test_it_refuses_four_or_more_of_one_character_in_a_row(password):
    assert "password_repeats" in codes(password)


def test_three_in_a_row_pass():
    assert codes("Kq7###wLm") == set()


@pytest.mark.parametrize("password", ["tok1Tok1!", "xTOKx#2026", "Ab3$tok"])
def test_it_refuses_the_username_in_any_case_or_embedded(password):
    user = User(username="tok")
    assert "password_holds_username" in codes(password, user)


def test_the_change_page_refuses_the_username_in_the_new_password(market):
    tok = make_user("tok", Role.STAFF, market)
    response = change(logged_in(tok), PASSWORD, "tok1Tok1!")
    assert "password_holds_username" in new_password_errors(response)
