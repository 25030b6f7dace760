"""PostgreSQL restarted (every connection of the app cut): the next request reconnects.

The request goes through Django's real WSGI handler in this thread, so the persistent connection
(CONN_MAX_AGE) survives between requests as in a worker process of gunicorn; the test client is
not used because it switches off the per-request connection check this is about.
"""

import io

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client, RequestFactory

from tests.celery_worker import database_url_of_test_db

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL server to cut connections of"
)


def get(path: str, cookie: str) -> int:
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
    environ.update({"HTTP_COOKIE": cookie, "wsgi.input": io.BytesIO()})
    status = []
    response = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
    response.close()  # request_finished: the connection is kept (CONN_MAX_AGE) or closed
    return int(status[0].split()[0])


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def cut_every_connection_of_the_app() -> int:
    """What a PostgreSQL restart does to the app: its server processes end."""
    admin = psycopg2.connect(database_url_of_test_db())
    try:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0]
    finally:
        admin.close()


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


@pytest.mark.parametrize("health_checks", [True, False], ids=["health-checks", "no-checks"])
def test_the_next_request_reconnects_after_the_connections_are_cut(
    transactional_db, office, health_checks
):
    """With CONN_HEALTH_CHECKS (settings) the dashboard answers 200 on a fresh connection; the
    control case without it shows the cut really breaks the kept connection."""
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    cookie = session_cookie(office)
    assert get("/dashboard/", cookie) == 200
    before = backend_pid()
    assert connection.health_check_enabled  # from CONN_HEALTH_CHECKS when it connected
    connection.health_check_enabled = health_checks
    try:
        assert cut_every_connection_of_the_app() >= 1
        status = get("/dashboard/", cookie)
    finally:
        connection.close()  # the control case leaves a dead connection behind
    if health_checks:
        assert status == 200
        assert backend_pid() != before
    else:
        assert status == 500
