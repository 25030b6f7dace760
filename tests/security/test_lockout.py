"""django-axes: 5 failures per username + client IP, or 20 per username from any IPs, lock for
30 minutes; the client IP is read from X-Forwarded-For only when our proxy sent the request."""

import datetime

import pytest
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client, RequestFactory

from audit.ip import client_ip
from audit.models import AuditEvent, Event
from ipcity import settings as production
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the reverse proxy: every request reaches Django from it
CLIENT = "203.0.113.7"  # the real client, which the proxy appends to X-Forwarded-For


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    """The deployment these tests describe: one reverse proxy, declared in TRUSTED_PROXIES."""
    settings.TRUSTED_PROXIES = [PROXY]


def attempt(client, password, username="alice", forwarded=CLIENT):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def fail(times, **kwargs):
    """Fail `times` times; the fifth failure is answered with the lockout page already."""
    client = Client()
    for n in range(1, times + 1):
        expected = 429 if n >= 5 else 200
        assert attempt(client, "wrong-password", **kwargs).status_code == expected


def test_it_is_configured_for_five_failures_and_thirty_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert get_cool_off() == datetime.timedelta(minutes=30)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"], "username"]
    assert settings.AXES_ACCOUNT_FAILURE_LIMIT == 20
    assert production.TRUSTED_PROXIES == []  # no proxy trusted unless the deployment names it


def test_it_locks_after_five_failures_and_shows_the_lockout_page(alice):
    fail(4)
    assert attempt(Client(), PASSWORD).status_code == 302  # four failures: still allowed
    AccessAttempt.objects.all().delete()
    fail(5)
    response = attempt(Client(), PASSWORD)
    assert response.status_code == 429
    assert 'id="locked-out"' in response.content.decode()
    assert "30" in response.content.decode()  # minutes to wait
    assert AuditEvent.objects.filter(event=Event.LOCKOUT, username="alice", ip=CLIENT).exists()


def minutes_pass(minutes):
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes)
    )


def test_it_unlocks_thirty_minutes_after_the_last_failure(alice):
    fail(5)
    minutes_pass(31)
    assert attempt(Client(), PASSWORD).status_code == 302


def test_it_restarts_the_thirty_minutes_on_a_try_during_the_lockout(alice):
    fail(5)
    minutes_pass(29)
    assert attempt(Client(), PASSWORD).status_code == 429
    minutes_pass(2)
    assert attempt(Client(), PASSWORD).status_code == 429


def test_it_locks_the_username_at_that_ip_only(alice, bob):
    fail(5)
    assert attempt(Client(), PASSWORD).status_code == 429
    # Another client IP for the same user, and another user at the same IP, still log in.
    assert attempt(Client(), PASSWORD, forwarded="198.51.100.9").status_code == 302
    assert attempt(Client(), PASSWORD, username="bob").status_code == 302


def test_it_is_not_bypassed_by_a_forged_forwarded_for(alice):
    client = Client()
    for i in range(1, 6):
        # The attacker writes any address; the proxy appends the address it really saw.
        response = attempt(client, "wrong-password", forwarded=f"192.0.2.{i}, {CLIENT}")
        assert response.status_code == (429 if i == 5 else 200)
    assert attempt(client, PASSWORD, forwarded=f"192.0.2.99, {CLIENT}").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}


@pytest.mark.parametrize(
    "meta, expected",
    [
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": CLIENT}, CLIENT),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"1.2.3.4, {CLIENT}"}, CLIENT),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{CLIENT}, not-an-ip"}, PROXY),
        ({"REMOTE_ADDR": CLIENT}, CLIENT),  # direct, e.g. a health check
        # Not from our proxy: whatever the header says, the socket address is the client.
        ({"REMOTE_ADDR": CLIENT, "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, CLIENT),
    ],
)
def test_it_believes_the_header_only_from_a_trusted_proxy(meta, expected):
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == expected


def test_it_walks_a_chain_of_trusted_proxies_and_networks(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "192.168.1.5"]
    meta = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"1.2.3.4, {CLIENT}, 192.168.1.5"}
    assert client_ip(RequestFactory().get("/", **meta)) == CLIENT


def test_it_ignores_the_header_with_no_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == PROXY


def test_a_locked_out_user_cannot_log_in_with_a_forged_header_by_default(settings, alice):
    """Reaching gunicorn directly, a forged X-Forwarded-For changes neither the lockout nor the
    audit log's address."""
    settings.TRUSTED_PROXIES = []
    client = Client()
    for i in range(1, 6):
        response = attempt(client, "wrong-password", forwarded=f"192.0.2.{i}")
        assert response.status_code == (429 if i == 5 else 200)
    assert attempt(client, PASSWORD, forwarded="192.0.2.99").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}
    tries = AuditEvent.objects.filter(event__in=[Event.LOGIN_FAILED, Event.LOCKOUT])
    assert set(tries.values_list("ip", flat=True)) == {PROXY}


def test_it_locks_the_account_from_every_ip_after_twenty_failures_across_ips(alice, bob):
    """Four failures from each of five addresses: no address reaches five, the account reaches
    twenty and is locked for every client, bob is not."""
    for i in range(1, 6):
        client = Client()
        for _ in range(4):
            response = attempt(client, "wrong-password", forwarded=f"198.51.100.{i}")
        assert response.status_code == (429 if i == 5 else 200)
    assert attempt(Client(), PASSWORD, forwarded="198.51.100.77").status_code == 429
    assert attempt(Client(), PASSWORD, username="bob", forwarded="198.51.100.77").status_code == 302
    minutes_pass(31)
    assert attempt(Client(), PASSWORD, forwarded="198.51.100.77").status_code == 302


def test_the_login_page_warns_before_the_try_that_locks(alice):
    client = Client()
    for _ in range(3):
        page = attempt(client, "wrong-password").content.decode()
        assert "再输错一次" not in page
    page = attempt(client, "wrong-password").content.decode()  # the fourth: the next one locks
    assert "再输错一次密码，此账号将在本地址被锁定 30 分钟。" in page
