"""The dashboards' data version moves when a writer's transaction commits, not while it runs:
no writer holds the version row for the length of its transaction (every other writer of a
dashboard input would queue behind it), yet the writer's own reads never get a stale page."""

import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from reports import dashboard_cache
from reports.models import DashboardVersion
from targets.models import Indicator
from tests.targets.factories import figure

pytestmark = pytest.mark.django_db(transaction=True)


def stamp() -> str:
    return DashboardVersion.objects.get(pk=1).stamp


@pytest.fixture
def committed():
    """A version row as the migration leaves it, committed."""
    dashboard_cache.bump()
    return stamp()


def test_a_save_moves_the_version_when_its_transaction_commits(committed):
    before = dashboard_cache.data_version()
    with transaction.atomic():
        figure(Indicator.objects.get(code="2.1"), 2026, 3, 500)
        assert stamp() == committed  # the row is not written, so nobody waits on it
        inside = dashboard_cache.data_version()
        assert inside != before  # the writer's own pages are built afresh
        figure(Indicator.objects.get(code="2.2"), 2026, 3, 200)
        assert dashboard_cache.data_version() != inside  # and again after each write
    assert stamp() != committed
    assert dashboard_cache.data_version() not in {before, inside}


def test_a_rolled_back_save_leaves_the_version(committed):
    with pytest.raises(RuntimeError), transaction.atomic():
        figure(Indicator.objects.get(code="2.1"), 2026, 3, 500)
        raise RuntimeError("the writer gives up")
    assert stamp() == committed


def test_two_saves_in_one_transaction_write_the_row_once(committed):
    patents, valuable = Indicator.objects.get(code="2.1"), Indicator.objects.get(code="2.2")
    table = DashboardVersion._meta.db_table
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        figure(patents, 2026, 3, 500)
        figure(valuable, 2026, 3, 200)
    writes = [q["sql"] for q in queries if table in q["sql"] and q["sql"].startswith("UPDATE")]
    assert len(writes) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite writers take turns anyway")
def test_another_writer_does_not_wait_for_an_open_transaction(committed):
    outcome = {}

    def other_writer():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            dashboard_cache.bump()
            outcome["stamp"] = stamp()
        except Exception as error:  # noqa: BLE001 - the outcome is the assertion
            outcome["error"] = error
        finally:
            connections["default"].close()

    with transaction.atomic():
        figure(Indicator.objects.get(code="2.1"), 2026, 3, 500)
        thread = threading.Thread(target=other_writer)
        thread.start()
        thread.join(10)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["stamp"] != committed
