"""The second factor (MLPS 8.1.4.1 d, 双因素): TOTP codes computed from the real secret, through the
real login form, middleware, pages, admin and API."""

import re
from base64 import b32decode

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent, Event, Outcome
from bureaus import tokens
from bureaus.models import ApiToken, SecondFactorRequirement
from bureaus.second_factor import reset, throttled_message, wrong_code_message
from bureaus.token_auth import TOKEN_NEEDS_LOGIN
from tests.conftest import PASSWORD

from .conftest import logged_in

pytestmark = pytest.mark.django_db

VERIFY = "/accounts/second-factor/verify/"
ENROL = "/accounts/second-factor/enrol/"
API = "/api/v1/bureaus/"


def code(key: bytes) -> str:
    """What the user's authenticator app shows now."""
    return f"{totp(key):06d}"


def device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)


def require(*roles: str) -> None:
    SecondFactorRequirement.objects.filter(role__in=roles).update(required=True)


def login_as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def wrong(right: str) -> str:
    return f"{(int(right) + 1) % 1_000_000:06d}"


def failures(username: str):
    return AuditEvent.objects.filter(
        event=Event.LOGIN_FAILED, username=username, outcome=Outcome.FAILURE
    ).exclude(detail={})


def test_every_role_has_a_requirement_and_none_is_required_out_of_the_box():
    rows = dict(SecondFactorRequirement.objects.values_list("role", "required"))
    roles = ("staff", "office", "leader", "admin", "auditor", "secadmin")
    assert rows == {role: False for role in roles}


def test_a_required_role_without_a_device_is_sent_to_enrolment_first(office):
    require("office", "admin")
    client = logged_in(office)
    response = client.get("/reporting/review/")
    assert response.status_code == 302
    assert response.url == ENROL + "?next=%2Freporting%2Freview%2F"
    assert client.get(API).status_code == 403
    assert client.get("/admin/").url.startswith(ENROL)

    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "<script" not in html.split("<main")[1].split("</main>")[0]
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    key = b32decode(secret.replace(" ", ""))

    refused = client.post(ENROL, {"code": wrong(code(key)), "next": "/reporting/review/"})
    assert refused.status_code == 200
    with translation.override("zh-hans"):
        assert str(wrong_code_message()) in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=office).exists()
    assert failures("office").get().detail == {
        "factor": "totp",
        "step": "enrol",
        "reason": "wrong_code",
    }

    done = client.post(ENROL, {"code": code(key), "next": "/reporting/review/"})
    assert done.status_code == 302 and done.url == "/reporting/review/"
    device = TOTPDevice.objects.get(user=office)
    assert device.confirmed and device.bin_key == key
    assert client.get("/reporting/review/").status_code == 200
    assert client.get(API).status_code == 200
    assert AuditEvent.objects.filter(event=Event.OTP_ENROLLED, username="office").count() == 1


def test_the_enrolment_secret_stays_the_same_until_confirmed(office):
    require("office")
    client = logged_in(office)
    first = re.search(r'id="totp-secret">([^<]+)<', client.get(ENROL).content.decode()).group(1)
    second = re.search(r'id="totp-secret">([^<]+)<', client.get(ENROL).content.decode()).group(1)
    assert first == second
    assert not TOTPDevice.objects.exists()  # GET changes nothing in the database


def test_a_user_with_a_device_must_give_the_code_and_a_wrong_one_is_refused_and_audited(alice):
    device = device_for(alice)
    client = logged_in(alice)
    response = client.get("/")
    assert response.status_code == 302 and response.url == VERIFY + "?next=%2F"

    refused = client.post(VERIFY, {"code": wrong(code(device.bin_key)), "next": "/"})
    assert refused.status_code == 200
    with translation.override("zh-hans"):
        assert str(wrong_code_message()) in refused.content.decode()
    assert client.get("/").url.startswith(VERIFY)
    event = failures("alice").get()
    assert event.user == alice and event.ip == "127.0.0.1"
    assert event.detail == {"factor": "totp", "step": "verify", "reason": "wrong_code"}

    malformed = client.post(VERIFY, {"code": "12ab56"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Enter the 6 digits" in malformed.content.decode()
    assert failures("alice").count() == 1  # a malformed code never reaches the device


def test_the_right_code_passes_under_a_new_session_key(alice):
    device = device_for(alice)
    client = logged_in(alice)
    before = client.cookies["sessionid"].value
    response = client.post(VERIFY, {"code": code(device.bin_key), "next": "/programme/tasks/"})
    assert response.status_code == 302 and response.url == "/programme/tasks/"
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get("/").status_code == 200
    assert client.cookies["sessionid"].value == after
    event = AuditEvent.objects.get(event=Event.OTP_VERIFIED)
    assert (event.username, event.outcome) == ("alice", Outcome.SUCCESS)
    # The same code cannot be used again (a replay at the next login).
    again = logged_in(alice)
    assert again.post(VERIFY, {"code": code(device.bin_key)}).status_code == 200
    assert again.get("/").url.startswith(VERIFY)


def test_it_does_not_trust_an_outside_next(alice):
    device = device_for(alice)
    client = logged_in(alice)
    response = client.post(VERIFY, {"code": code(device.bin_key), "next": "https://evil.test/"})
    assert response.url == reverse("home")


def test_it_throttles_after_wrong_codes(alice):
    device = device_for(alice)
    client = logged_in(alice)
    right = code(device.bin_key)
    # Each failure locks the device for 1, 2, 4, ... seconds: within a few tries the next one
    # lands inside the lock however slow the machine.
    for _attempt in range(6):
        page = client.post(VERIFY, {"code": wrong(right)}, HTTP_ACCEPT_LANGUAGE="en")
        if "Too many wrong codes" in page.content.decode():
            break
    else:
        pytest.fail("never throttled")
    refused = client.post(VERIFY, {"code": right}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 200
    assert "Too many wrong codes" in refused.content.decode()
    assert client.get("/").url.startswith(VERIFY)
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1
    assert failures("alice").filter(detail__reason="throttled").count() >= 2


def test_the_throttling_message_names_the_wait():
    assert "7" in throttled_message(7)


def test_an_unrequired_role_without_a_device_logs_in_as_before(bob, office):
    require("office")
    client = logged_in(bob)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    # Decided at login: an ordinary request asks the database nothing about second factors.
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "otp_totp" not in sql and "secondfactorrequirement" not in sql
    assert client.get(API).status_code == 200
    assert not AuditEvent.objects.filter(event__startswith="otp").exists()


def test_any_user_may_enrol_voluntarily(bob):
    client = logged_in(bob)
    status = client.get(reverse("second-factor"))
    assert status.status_code == 200 and reverse("second-factor-enrol") in status.content.decode()
    html = client.get(ENROL).content.decode()
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)</code>', html).group(1)
    key = b32decode(secret.replace(" ", ""))
    assert client.post(ENROL, {"code": code(key)}).status_code == 302
    # The next login asks for the code, though the role does not require it.
    assert logged_in(bob).get("/").url.startswith(VERIFY)


def test_the_admin_login_honours_the_requirement(admin_user):
    require("admin")
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "root", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").url.startswith(ENROL)
    assert client.get("/admin/bureaus/user/").url.startswith(ENROL)


def test_the_security_administrator_resets_a_device_and_it_is_audited(
    alice, office, admin_user, security_admin
):
    require("office")
    alice_device, office_device = device_for(alice), device_for(office)
    alice_client = logged_in(alice)
    alice_client.post(VERIFY, {"code": code(alice_device.bin_key)})
    office_client = logged_in(office)
    office_client.post(VERIFY, {"code": code(office_device.bin_key)})
    assert office_client.get("/").status_code == 200

    # Neither the office nor the system administrator may reset anyone's device.
    for someone in (office_client, login_as(admin_user)):
        someone.post(
            reverse("admin:bureaus_user_changelist"),
            {"action": "reset_second_factor", "_selected_action": [alice.pk]},
        )
    assert TOTPDevice.objects.filter(user=alice).exists()

    response = login_as(security_admin).post(
        reverse("admin:bureaus_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [alice.pk, office.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user__in=[alice, office]).exists()
    events = AuditEvent.objects.filter(event=Event.OTP_RESET).order_by("object_repr")
    assert [(e.username, e.object_id) for e in events] == [
        ("guard", str(alice.pk)),
        ("guard", str(office.pk)),
    ]
    # Alice's role does not require it: she goes on with her password; the office must enrol.
    assert alice_client.get("/").status_code == 200
    assert office_client.get("/").url.startswith(ENROL)


def test_only_the_administrator_edits_the_requirement_and_it_is_audited(office, admin_user):
    row = SecondFactorRequirement.objects.get(role="office")
    url = reverse("admin:bureaus_secondfactorrequirement_change", args=[row.pk])
    assert logged_in(office).get(url).status_code == 403
    admin = Client()
    admin.force_login(admin_user)
    response = admin.post(url, {"required": "on"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.required
    event = AuditEvent.objects.get(event=Event.OTP_POLICY)
    assert event.username == "root" and event.detail == {"role": "office", "required": True}
    # It takes effect at the office's next login.
    assert logged_in(office).get("/").url.startswith(ENROL)


def test_the_device_admin_never_shows_the_secret(alice, security_admin):
    device = device_for(alice)
    admin = login_as(security_admin)
    page = admin.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    assert admin.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403


def test_the_api_under_session_auth_is_refused_until_verified(alice):
    device = device_for(alice)
    client = logged_in(alice)
    response = client.get(API)
    assert response.status_code == 403
    assert "detail" in response.json()
    client.post(VERIFY, {"code": code(device.bin_key)})
    assert client.get(API).status_code == 200


def test_the_second_factor_comes_before_a_forced_password_change(alice):
    device = device_for(alice)
    alice.password_changed_at = None
    alice.save(update_fields=["password_changed_at"])
    client = logged_in(alice)
    assert client.get("/").url.startswith(VERIFY)
    assert client.get(reverse("password_change")).url.startswith(VERIFY)
    assert client.get(VERIFY).status_code == 200
    client.post(VERIFY, {"code": code(device.bin_key), "next": "/"})
    assert client.get("/").url.startswith(reverse("password_change"))


def test_a_reset_while_waiting_at_the_code_frees_a_user_whose_role_does_not_require_it(alice):
    device_for(alice)
    client = logged_in(alice)
    assert client.get("/").url.startswith(VERIFY)
    reset(alice)
    assert client.get("/").status_code == 200


def test_logging_in_again_in_the_same_browser_asks_for_the_code_again(office):
    device = device_for(office)
    client = logged_in(office)
    client.post(VERIFY, {"code": code(device.bin_key)})
    assert client.get("/admin/").status_code == 200
    # The admin's login form takes a POST from a logged-in user: a new login, a new code.
    response = client.post("/admin/login/", {"username": "office", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").url.startswith(VERIFY)


def token_for(user):
    return Client().post(reverse("api-token"), {"username": user.username, "password": PASSWORD})


def test_the_api_token_endpoint_is_no_way_round_the_second_factor(alice, office):
    device_for(alice)
    require("office")
    for user in (alice, office):  # a device, or a role that requires one
        response = token_for(user)
        assert response.status_code == 403
        assert response.json()["detail"] == str(TOKEN_NEEDS_LOGIN)
    assert not ApiToken.objects.exists()


def test_the_api_token_endpoint_refuses_a_password_that_must_change(alice):
    alice.password_changed_at = None
    alice.save(update_fields=["password_changed_at"])
    assert alice.must_change_password
    assert token_for(alice).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_token_issued_before_enrolment_stops_working(alice):
    key, _token = tokens.issue(user=alice)
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/bureaus/").status_code == 200
    device_for(alice)
    response = api.get("/api/v1/bureaus/")
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == str(TOKEN_NEEDS_LOGIN)
