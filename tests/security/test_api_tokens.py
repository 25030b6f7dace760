"""API tokens: nobody reads or makes another user's token; a token lives API_TOKEN_DAYS, is kept
as an SM3 digest, dies with a password change, a deactivation or its own logout, and its issue and
use are logins in the audit log."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from gmssl import func, sm3

from audit.models import AuditEvent, Event, Outcome
from bureaus import tokens
from bureaus.models import ApiToken, User
from bureaus.token_auth import INVALID_TOKEN
from tests.conftest import PASSWORD

from .conftest import logged_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kq7#wLm2vR"


def issue_by_api(user, password=PASSWORD) -> str:
    response = Client().post(
        reverse("api-token"), {"username": user.username, "password": password}
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def api(key: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def works(key: str) -> bool:
    status = api(key).get("/api/v1/bureaus/").status_code
    assert status in (200, 403), status  # 403: session authentication comes first, no challenge
    return status == 200


def test_no_admin_page_shows_or_makes_a_token(security_admin, office):
    """DRF's TokenAdmin showed every key and minted one for any user: gone. Ours lists who holds
    a token and revokes it; it neither shows a key nor makes one, for any role."""
    tokens.issue(user=office)
    admin = Client()
    admin.force_login(security_admin)
    assert admin.get("/admin/authtoken/tokenproxy/").status_code == 404
    assert admin.get("/admin/authtoken/tokenproxy/add/").status_code == 404
    assert admin.get(reverse("admin:bureaus_apitoken_add")).status_code == 403
    token = ApiToken.objects.get()
    page = admin.get(reverse("admin:bureaus_apitoken_change", args=[token.pk])).content.decode()
    assert token.digest not in page


def test_it_keeps_only_the_sm3_digest_of_the_key(alice):
    key = issue_by_api(alice)
    token = ApiToken.objects.get()
    assert token.digest == sm3.sm3_hash(func.bytes_to_list(key.encode()))  # independent SM3
    assert key not in str(list(ApiToken.objects.values_list()))
    assert works(key)


def test_a_new_key_each_time_and_the_earlier_one_stops(alice):
    first = issue_by_api(alice)
    second = issue_by_api(alice)
    assert first != second
    assert not works(first) and works(second)


def test_a_stolen_token_stops_working_after_a_password_change(alice):
    stolen = issue_by_api(alice)
    assert works(stolen)
    client = logged_in(alice)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not works(stolen)
    assert works(issue_by_api(alice, NEW_PASSWORD))


def test_an_administrators_reset_and_a_deactivation_revoke_tokens(alice, bob):
    reset, deactivated = issue_by_api(alice), issue_by_api(bob)
    alice.set_password(NEW_PASSWORD)
    alice.save()
    bob.is_active = False
    bob.save()
    assert not works(reset) and not works(deactivated)
    assert not ApiToken.objects.exists()


def test_a_rehash_at_login_keeps_the_token(alice, real_password_hasher):
    key = issue_by_api(alice)  # the login rehashes alice's fast hash: not a password change
    assert works(key)


def test_it_expires_after_api_token_days(settings, alice):
    assert settings.API_TOKEN_DAYS == 30
    key = issue_by_api(alice)
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == datetime.timedelta(days=30)
    ApiToken.objects.update(expires_at=timezone.now() + datetime.timedelta(minutes=1))
    assert works(key)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = api(key).get("/api/v1/bureaus/")
    assert response.status_code == 403
    assert response.json()["detail"] == str(INVALID_TOKEN)


def test_a_token_logs_itself_out(alice):
    key = issue_by_api(alice)
    assert api(key).post(reverse("api-token-revoke")).status_code == 204
    assert not works(key)
    assert api(key).post(reverse("api-token-revoke")).status_code == 401


def test_issue_and_use_are_audited_like_a_login(settings, alice):
    key = issue_by_api(alice)
    issued = AuditEvent.objects.get(event=Event.LOGIN, detail__step="issued")
    assert issued.user == alice and issued.ip == "127.0.0.1" and issued.detail["via"] == "api_token"
    # Used at once: part of the same login. After SESSION_IDLE_SECONDS of quiet: a new login.
    assert works(key) and works(key)
    assert not AuditEvent.objects.filter(detail__step="used").exists()
    ApiToken.objects.update(
        last_used_at=timezone.now() - datetime.timedelta(seconds=settings.SESSION_IDLE_SECONDS + 1)
    )
    assert works(key) and works(key)
    used = AuditEvent.objects.get(event=Event.LOGIN, detail__step="used")
    assert used.user == alice and used.ip == "127.0.0.1"
    assert not works("forged-key")
    failed = AuditEvent.objects.get(event=Event.LOGIN_FAILED)
    assert failed.outcome == Outcome.FAILURE and failed.detail == {
        "via": "api_token",
        "reason": "unknown",
    }


def test_revocations_are_audited(alice):
    issue_by_api(alice)
    user = User.objects.get(pk=alice.pk)
    user.set_password(NEW_PASSWORD)
    user.save()
    revoked = AuditEvent.objects.get(event=Event.LOGOUT)
    assert revoked.object_id == str(alice.pk)
    assert revoked.detail == {"via": "api_token", "reason": "password_change", "tokens": 1}
