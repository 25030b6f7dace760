"""Every route × every role answers as `access_matrix.py` declares (MLPS 8.1.4.2 e, ASVS V4.1).

The resolver is walked, admin, API router, i18n and all: a route missing from the matrix fails
the first test, so no page ships unchecked. The records the URLs name are made once for the
module (in a transaction rolled back at its end) and belong to alice's bureau, so bob's column
is "another bureau's record", which must not exist for him (404), on pages, the API, exports and
attachment downloads alike. A GET never changes state: each request runs with its SQL captured
and may write only the tables in GET_MAY_WRITE."""

import io
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import (
    Resolver404,
    URLPattern,
    URLResolver,
    get_resolver,
    path,
    re_path,
    resolve,
    reverse,
)
from openpyxl import load_workbook

from ipcity import urls as ipcity_urls
from tasks_registry.views import ProgrammeView
from tests.security.access_matrix import (
    ADMIN_CATCH_ALL,
    ADMIN_MODELS,
    ADMIN_PAGES,
    KWARGS,
    LOGIN,
    MOVED,
    OTHER_BUREAU_EXPORTS,
    OTHER_BUREAU_WRITES,
    ROLES,
    ROUTES,
)
from tests.security.access_world import build_personas, build_world

# Writes a GET may make, none of them a change of business data.
GET_MAY_WRITE = {
    "django_session",  # the idle timeout stamps the session on every request
    "audit_auditevent",  # downloads are security events
    "targets_period",  # reporting periods are made when first needed (docs/architecture.md)
    "reports_dashboardversion",  # ... which moves the dashboards' cache stamp
    "exports_exportjob",  # the job page marks jobs whose worker died as failed
}
ADMIN_MODEL_ROUTE = re.compile(r"^admin:(\w+)_(changelist|add|change|history|delete)$")
ADMIN_REDIRECT_ROUTE = re.compile(r"^admin/(\w+)/(\w+)/<path:object_id>/$")


def walk(resolver: URLResolver, namespace: str = "", prefix: str = ""):
    """(name, full route, pattern) of every pattern, namespaced names as reverse() takes them."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from walk(pattern, inner, route)
        else:
            assert isinstance(pattern, URLPattern)
            name = pattern.name and ":".join(n for n in (namespace, pattern.name) if n)
            yield name, route, pattern


def admin_labels() -> dict[str, str]:
    """admin URL prefix (app_model) → model label (app.model), for the registered models."""
    return {
        f"{m._meta.app_label}_{m._meta.model_name}": m._meta.label_lower
        for m in admin.site._registry
    }


def matrix_key(name: str | None, route: str, labels: dict[str, str]) -> str:
    """What the matrix calls a pattern: its name, an admin model page's model, or the route of an
    unnamed pattern."""
    if name and (match := ADMIN_MODEL_ROUTE.match(name)) and match[1] in labels:
        return labels[match[1]]
    if not name and (match := ADMIN_REDIRECT_ROUTE.match(route)):
        return f"{match[1]}.{match[2]}"
    return name or route


def undeclared() -> tuple[list[str], list[str]]:
    """Patterns of the URL configuration with no line in the matrix, and lines with no pattern."""
    labels = admin_labels()
    found = {matrix_key(name, route, labels) for name, route, _pattern in walk(get_resolver())}
    declared = set(ROUTES) | set(ADMIN_MODELS)
    return sorted(found - declared), sorted(declared - found)


def test_every_route_is_in_the_matrix():
    missing, stale = undeclared()
    assert not missing, f"routes with no line in tests/security/access_matrix.py: {missing}"
    assert not stale, f"lines in access_matrix.py for routes that no longer exist: {stale}"
    assert set(KWARGS) | set(OTHER_BUREAU_WRITES) | set(OTHER_BUREAU_EXPORTS) <= set(ROUTES)


# The portal's URLs and two more, one named and one not: what a new page looks like to the walk.
urlpatterns = [
    *ipcity_urls.urlpatterns,
    path("dashboard/new/", ProgrammeView.as_view(), name="new-page"),
    re_path(r"^unnamed/$", ProgrammeView.as_view()),
]


def test_it_would_find_a_route_missing_from_the_matrix():
    missing, _ = undeclared()
    with override_settings(ROOT_URLCONF=__name__):
        missing_then, stale_then = undeclared()
    assert sorted(set(missing_then) - set(missing)) == ["^unnamed/$", "new-page"]
    assert not stale_then


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Personas logged in once, and the records their URLs name, for the whole module."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        users = build_personas()
        values = build_world(users)
        clients = {"anon": Client()}
        for role, user in users.items():
            clients[role] = Client()
            clients[role].force_login(user)
        yield values, clients
        transaction.set_rollback(True)


def url_of(route: str, values: dict) -> str:
    kwargs = dict(pair.split("=") for pair in KWARGS.get(route, "").split())
    kwargs = {key: values[name] for key, name in kwargs.items()}
    if route == ADMIN_CATCH_ALL:  # unnamed
        return "/admin/" + kwargs["url"]
    if "0" in kwargs:  # a regex route with unnamed groups: arguments by position
        return reverse(route, args=[kwargs[str(i)] for i in range(len(kwargs))])
    return reverse(route, kwargs=kwargs)


def outcome(response) -> str | int:
    if response.status_code == 302:
        login_pages = (resolve_url(settings.LOGIN_URL), reverse("admin:login"))
        return LOGIN if response["Location"].startswith(login_pages) else MOVED
    return response.status_code


def writes(queries) -> set[str]:
    """Tables an INSERT, UPDATE or DELETE touched."""
    tables = set()
    for query in queries:
        match = re.match(r'\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)', query["sql"])
        if match:
            tables.add(match[1])
    return tables


BREADCRUMB_LINK = re.compile(r'<li class="breadcrumb-item"><a href="([^"?#]+)')


def breadcrumb_dead_ends(response, role: str) -> list[str]:
    """The breadcrumb links of a page that the matrix says this role cannot open."""
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return []
    dead = []
    for href in BREADCRUMB_LINK.findall(response.content.decode()):
        try:
            name = resolve(href).view_name
        except Resolver404:
            dead.append(f"{href} (no such page)")
            continue
        expected = ROUTES[name][ROLES.index(role)] if name in ROUTES else None
        if expected != 200:
            dead.append(f"{href} ({name}: {expected})")
    return dead


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, writes(queries.captured_queries)


@pytest.mark.parametrize("route", list(ROUTES))
def test_it_answers_a_get_as_declared(world, db, route):
    """Every role in one test (one world, fewer set-ups): the message names each role that
    got something else."""
    values, clients = world
    url, failures = url_of(route, values), []
    for role, expected in zip(ROLES, ROUTES[route], strict=True):
        response, tables = get(clients[role], url)
        if outcome(response) != expected:
            failures.append(f"{role} got {outcome(response)}, not {expected}")
        if not tables <= GET_MAY_WRITE:
            failures.append(f"{role}'s GET wrote to {sorted(tables - GET_MAY_WRITE)}")
        if dead := breadcrumb_dead_ends(response, role):
            failures.append(f"{role}'s breadcrumb links to what it cannot open: {dead}")
    assert not failures, f"GET {url} ({route}): " + "; ".join(failures)


@pytest.mark.parametrize("route", list(OTHER_BUREAU_WRITES))
def test_another_bureau_writes_to_nothing(world, db, route):
    values, clients = world
    method = getattr(clients["other"], OTHER_BUREAU_WRITES[route])
    with CaptureQueriesContext(connection) as queries:
        response = method(url_of(route, values), {}, content_type="application/json")
    assert response.status_code == 404
    # No business table: only the session, and the refusal's own audit event (audit/middleware.py)
    assert writes(queries.captured_queries) <= {"django_session", "audit_auditevent"}


def data_rows(response) -> int:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content)).active.max_row - 1  # the header row


@pytest.mark.parametrize("route", OTHER_BUREAU_EXPORTS)
def test_another_bureaus_records_are_not_in_an_export(world, db, route):
    values, clients = world
    url = url_of(route, values)
    owner, other = clients["owner"].get(url), clients["other"].get(url)
    assert owner.status_code == other.status_code == 200
    assert data_rows(owner) >= 1 and data_rows(other) == 0


@pytest.mark.parametrize("model", list(ADMIN_MODELS))
def test_it_opens_the_admin_pages_as_declared(world, db, model):
    """Every admin page of a registered model, change, history and delete on one of its rows."""
    _, clients = world
    label = model.replace(".", "_")
    instance = next(m for m in admin.site._registry if m._meta.label_lower == model)
    obj = instance._default_manager.order_by("pk").first()
    assert obj is not None, f"no {model} row: add one in access_world.build_admin_rows()"
    failures = []
    for page_index, page in enumerate(ADMIN_PAGES):
        if page in ("change", "history", "delete"):
            url = reverse(f"admin:{label}_{page}", args=[obj.pk])
        else:
            url = reverse(f"admin:{label}_{page}")
        for role in ROLES:
            policy = ADMIN_MODELS[model].get(role)
            expected = policy[page_index] if policy else LOGIN
            response, tables = get(clients[role], url)
            if outcome(response) != expected:
                failures.append(f"{page} as {role} got {outcome(response)}, not {expected}")
            if not tables <= GET_MAY_WRITE:
                failures.append(f"{page} as {role} wrote to {sorted(tables - GET_MAY_WRITE)}")
    assert not failures, f"admin {model}: " + "; ".join(failures)
