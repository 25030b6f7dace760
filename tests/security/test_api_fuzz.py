"""schemathesis against /api/schema/ (issue 9): every operation the schema declares, fed generated
data, in-process through the real WSGI application and database.

- As the office (token authentication, the widest programme role) and as bureau staff (their
  own scoping and writes): no answer is a 5xx.
- Anonymous: every operation but the token endpoint refuses (401/403), whatever the data; the
  token endpoint itself never hands out a token for generated credentials.

Bounded and deterministic: a few examples per operation, hypothesis derandomized, no example
database, no deadline (the machine is shared)."""

from urllib.parse import urlsplit

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import Client, override_settings
from django.urls import Resolver404, resolve
from django.utils import translation
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

from bureaus import tokens
from ipcity.wsgi import application
from tasks_registry import activities
from tests.security.access_world import build_personas, build_world

TOKEN_PATH = "/api/v1/auth/token/"
FUZZ = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.generate],  # no schema examples or coverage sweep, no shrinking: bounded
)


# Loaded once at collection, from the application itself (the view reads no table).
def reaches_a_view(path: str) -> bool:
    """False when a 404 is served before any view code: no route matches the path, or the route's
    format suffix (…/1.2/) names no renderer (DRF negotiates that before authenticating)."""
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return False
    return match.kwargs.get("format", "json") in ("json", "api")


schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world's records, made once, so generated ids sometimes name a real one (pk 1 of every
    register); rolled back at the end of the module.

    The WSGI handler closes the database connection after each request, which would end the
    test's transaction: as Django's test client does, that handler is off meanwhile."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        users = build_personas()
        build_world(users)
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
        yield users
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)
        transaction.set_rollback(True)


@pytest.fixture
def office_token(world, db) -> str:
    return tokens.issue(user=world["office"])[0]


@pytest.fixture
def staff_token(world, db) -> str:
    return tokens.issue(user=world["owner"])[0]


@schema.parametrize()
@FUZZ
def test_no_operation_answers_the_office_with_a_server_error(case, office_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {office_token}"}, checks=[not_a_server_error]
    )


@schema.parametrize()
@FUZZ
def test_no_operation_answers_bureau_staff_with_a_server_error(case, staff_token):
    """Staff take the other paths: their bureau's scoping, their own writes."""
    case.call_and_validate(
        headers={"Authorization": f"Token {staff_token}"}, checks=[not_a_server_error]
    )


@schema.parametrize()
@FUZZ
def test_no_operation_serves_an_anonymous_caller(world, db, case):
    response = case.call()
    if case.path == TOKEN_PATH:
        assert response.status_code == 400, response.text
        assert "token" not in response.json()
    elif response.status_code == 404:
        assert not reaches_a_view(case.formatted_path), f"{case.method} {case.formatted_path}"
    else:
        assert response.status_code in (401, 403), f"{case.method} {case.formatted_path}"


# What the fuzzer found, kept as plain tests.


@pytest.mark.parametrize("year", ["86400", "104829999263538648973312", "0", "²"])
def test_it_refuses_a_year_a_date_cannot_hold_with_a_400(world, db, year):
    """`date__year=86400` raised in Python's date: a 500 on the API, the list page and export."""
    from rest_framework.test import APIClient

    with translation.override(django_settings.LANGUAGE_CODE):
        message = str(activities.NOT_A_YEAR % {"value": year})
    client = APIClient()
    client.force_authenticate(world["office"])
    response = client.get("/api/v1/activities/", {"year": year})
    assert response.status_code == 400
    assert response.json() == {"year": [message]}
    page = Client()
    page.force_login(world["office"])
    assert page.get("/programme/activities/", {"year": year}).status_code == 200
    export = page.get("/programme/activities/export.xlsx", {"year": year})
    assert export.status_code == 400 and message in export.content.decode()


def test_it_refuses_an_unknown_kind_of_activity_with_a_400(world, db):
    """A NUL byte in `kind` reached PostgreSQL, which refuses it: a 500."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(world["office"])
    response = client.get("/api/v1/activities/", {"kind": "ì\x00"})
    assert response.status_code == 400 and list(response.json()) == ["kind"]
    assert client.get("/api/v1/activities/", {"kind": "training"}).status_code == 200
