"""三员分立 (MLPS 8.1.4.2 d): the security administrator unlocks accounts, resets second factors
and passwords, revokes API tokens and (de)activates accounts, and does nothing else; the system
administrator keeps the configuration and loses those actions; the auditor reads all of it."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent, Event
from bureaus.models import Role
from bureaus.navigation import nav_for
from tests.conftest import PASSWORD

from .conftest import logged_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Zt5$yHn3pQ"


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def lock_out(username: str) -> None:
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": username, "password": "wrong-password"})
    response = Client().post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 429


def change_url(user) -> str:
    return reverse("admin:bureaus_user_change", args=[user.pk])


def admin_form(user, **changes) -> dict:
    """The system administrator's user form as it comes back from the page."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": "",
        "email": "",
        "bureau": user.bureau_id or "",
        "role": user.role,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    return {**data, **changes}


def test_the_administrator_can_neither_unlock_nor_reset_nor_deactivate(admin_user, alice):
    lock_out("alice")
    TOTPDevice.objects.create(user=alice, name="TOTP", confirmed=True)
    admin = as_user(admin_user)
    attempt = AccessAttempt.objects.get(username="alice")

    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 403
    assert admin.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    admin.post(
        reverse("admin:bureaus_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [alice.pk]},
    )
    password_url = reverse("admin:auth_user_password_change", args=[alice.pk])
    response = admin.post(
        password_url,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 403
    # The form has no "active" box: leaving it out (as an unticked box is) changes nothing.
    assert "is_active" not in admin.get(change_url(alice)).context["adminform"].form.fields
    assert admin.post(change_url(alice), admin_form(alice)).status_code == 302

    alice.refresh_from_db()
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()
    assert TOTPDevice.objects.filter(user=alice).exists()
    assert alice.check_password(PASSWORD) and alice.is_active


def test_the_administrator_still_sets_bureau_and_role(admin_user, alice, science):
    admin = as_user(admin_user)
    response = admin.post(change_url(alice), admin_form(alice, bureau=science.pk))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.bureau == science


def test_the_security_administrator_unlocks_resets_and_deactivates(security_admin, alice):
    lock_out("alice")
    TOTPDevice.objects.create(user=alice, name="TOTP", confirmed=True)
    guard = as_user(security_admin)

    attempt = AccessAttempt.objects.get(username="alice")
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert guard.post(url, {"post": "yes"}).status_code == 302
    logged_in(alice)  # unlocked: the password logs her in again (locked, it answered 429)

    response = guard.post(
        reverse("admin:bureaus_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [alice.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()

    response = guard.post(
        reverse("admin:auth_user_password_change", args=[alice.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    home = logged_in(alice, NEW_PASSWORD).get("/")
    assert home.url.startswith(reverse("password_change"))  # she chooses her own next

    # Only the box "active" is his: the role he posts is not taken.
    response = guard.post(change_url(alice), {"role": Role.OFFICE})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.is_active, alice.role) == (False, Role.STAFF)


def test_the_security_administrator_opens_nothing_else(security_admin, alice):
    guard = as_user(security_admin)
    assert guard.get("/").url == reverse("admin:index")
    assert [item.url_name for item in nav_for(security_admin)] == ["admin:index"]
    for url in (
        reverse("tasks_registry:task-list"),
        reverse("enforcement:case-list"),
        reverse("finance:enterprise-list"),
        reverse("reports:dashboard"),
        reverse("audit:events"),
        reverse("health:status"),
        reverse("admin:targets_indicator_changelist"),
        reverse("admin:bureaus_secondfactorrequirement_changelist"),
        reverse("admin:bureaus_user_add"),
        reverse("admin:bureaus_user_delete", args=[alice.pk]),
        reverse("admin:auth_group_changelist"),
    ):
        assert guard.get(url).status_code == 403, url
    assert guard.get("/api/v1/bureaus/").status_code == 403


def test_the_auditor_reads_every_action_of_the_security_administrator(
    security_admin, alice, auditor
):
    lock_out("alice")
    TOTPDevice.objects.create(user=alice, name="TOTP", confirmed=True)
    guard = as_user(security_admin)
    attempt = AccessAttempt.objects.get(username="alice")
    guard.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    guard.post(
        reverse("admin:bureaus_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [alice.pk]},
    )
    guard.post(
        reverse("admin:auth_user_password_change", args=[alice.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    guard.post(change_url(alice), {})

    response = as_user(auditor).get(reverse("audit:events"), {"username": "guard"})
    assert response.status_code == 200
    shown = {(e.event, e.object_repr) for e in response.context["page"]}
    assert {
        (Event.DELETE, str(attempt)),
        (Event.OTP_RESET, str(alice)),
        (Event.PASSWORD_CHANGE, str(alice)),
        (Event.ROLE_CHANGE, str(alice)),
    } <= shown
    deactivation = AuditEvent.objects.get(event=Event.ROLE_CHANGE, username="guard")
    assert deactivation.detail == {"old": {"is_active": True}, "new": {"is_active": False}}
