"""Passwords per MLPS (GB/T 22239-2019 8.1.4.1 a): complexity, and forced changes."""

import datetime

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bureaus.models import Role, User
from tests.conftest import PASSWORD

from .conftest import logged_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kq7#wLm2vR"


def codes(password, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


@pytest.mark.parametrize(
    "password",
    ["Kq7wLmvR", "kq7#wlmv", "KQ7#WLMV", "Kq#wLmvR"],  # 3 classes, exactly 8 characters
)
def test_it_accepts_eight_characters_of_three_classes(password):
    assert codes(password) == set()


@pytest.mark.parametrize(
    "password",
    [
        "kq7wlmvrtz",  # lower + digit
        "KqwLmvRtZa",  # upper + lower
        "kq#wlmv!rt",  # lower + symbol
        "1234567890",  # digits only
        "Kq7#wLm",  # 4 classes, 7 characters
    ],
)
def test_it_refuses_fewer_than_three_classes_or_eight_characters(password):
    assert "password_too_simple" in codes(password)


def test_it_refuses_a_common_password():
    assert "password_too_common" in codes("Password1")


def test_it_refuses_a_password_like_the_username(db):
    user = User(username="zhangwei2026", first_name="zhangwei")
    assert "password_too_similar" in codes("Zhangwei2026", user)


def test_it_does_not_force_the_personas_or_scripts_to_change(client, alice):
    assert alice.password_changed_at is not None
    assert logged_in(alice).get("/").status_code == 200


def test_it_forces_a_new_account_made_by_the_admin_to_change_at_first_login(
    login, admin_user, market
):
    response = login(admin_user).post(
        "/admin/bureaus/user/add/",
        {
            "username": "wanglei",
            "usable_password": "true",
            "password1": "Bq8!tRz4mK",
            "password2": "Bq8!tRz4mK",
            "bureau": market.pk,
            "role": Role.STAFF,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="wanglei")
    assert user.password_changed_at is None and user.must_change_password
    client = logged_in(user, "Bq8!tRz4mK")
    response = client.get("/programme/tasks/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("password_change"))
    # The change page itself opens, and after the change the portal does.
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "Bq8!tRz4mK",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/").status_code == 200


def test_it_forces_a_change_after_an_admin_reset(login, security_admin, alice):
    response = login(security_admin).post(
        f"/admin/bureaus/user/{alice.pk}/password/",
        {"password1": "Zt5$yHn3pQ", "password2": "Zt5$yHn3pQ", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    alice.refresh_from_db()
    assert alice.password_changed_at is None
    response = logged_in(alice, "Zt5$yHn3pQ").get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("password_change"))


def test_it_forces_a_change_after_the_maximum_age(settings, alice):
    assert settings.PASSWORD_MAX_AGE_DAYS == 90
    User.objects.filter(pk=alice.pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=89)
    )
    client = logged_in(alice)
    assert client.get("/").status_code == 200
    User.objects.filter(pk=alice.pk).update(
        password_changed_at=timezone.now() - datetime.timedelta(days=91)
    )
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("password_change"))
    # The API refuses rather than redirects.
    assert client.get("/api/v1/figures/").status_code == 403
    # Logging out and changing the language still work.
    assert client.post(reverse("logout")).status_code == 302


def test_it_refuses_a_weak_new_password_on_the_change_page(alice):
    client = logged_in(alice)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "abcdefgh1", "new_password2": "abcdefgh1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_it_does_not_restart_the_clock_on_a_rehash_at_login(alice):
    old = timezone.now() - datetime.timedelta(days=91)
    User.objects.filter(pk=alice.pk).update(password_changed_at=old)
    alice.refresh_from_db()
    alice.set_password(PASSWORD)
    alice.save(update_fields=["password"])  # what Django's check_password does on a rehash
    alice.refresh_from_db()
    assert alice.password_changed_at == old


def test_it_does_not_force_accounts_made_on_the_command_line(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Rm6&kTq2wZ")
    call_command("createsuperuser", "--noinput", username="root2", email="root2@example.com")
    assert not User.objects.get(username="root2").must_change_password


def test_it_does_not_force_the_demo_users(settings):
    settings.DEBUG = True
    call_command("load_demo")
    assert not [u.username for u in User.objects.all() if u.must_change_password]


def test_it_stores_and_upgrades_hashes_with_the_production_hasher(alice, real_password_hasher):
    """alice was made under the tests' fast hasher; her next login rehashes with the real one
    and leaves the 90-day clock where it was."""
    assert not alice.password.startswith("pbkdf2_sm3$")
    changed_at = alice.password_changed_at
    logged_in(alice)
    alice.refresh_from_db()
    assert alice.password.startswith("pbkdf2_sm3$400000$")
    assert alice.check_password(PASSWORD)
    assert alice.password_changed_at == changed_at
