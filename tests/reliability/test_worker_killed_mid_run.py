"""A worker killed in the middle of the nightly run: the previous results stay, the dead run's
record does not block anything, and the next run on a fresh worker completes.

The kill lands mid-run deterministically, with nothing slowed down in the product: the test holds
a row lock on one Progress row the run must update, waits until the worker's database session is
seen waiting on that lock (its earlier writes of the run already made), and SIGKILLs it there.
"""

import os
import signal

import psycopg2
import pytest

from targets import tasks
from targets.models import Indicator, Progress, ProgressRun, RunStatus
from targets.periods import ensure_open_periods
from targets.services import INTERRUPTED, Trigger, progress_compute
from tests.celery_worker import WorkerProcess, database_url_of_test_db, wait_for
from tests.targets.factories import figure, snapshot

pytestmark = [
    pytest.mark.celery,
    pytest.mark.skipif(
        database_url_of_test_db().startswith("sqlite"), reason="PostgreSQL locks and sessions"
    ),
]

WAITING_ON_PROGRESS = """
    SELECT pid FROM pg_stat_activity
    WHERE datname = current_database() AND wait_event_type = 'Lock'
      AND query LIKE 'UPDATE "targets_progress"%%'
"""
SESSIONS_OF = "SELECT count(*) FROM pg_stat_activity WHERE pid = %s"


class Blocker:
    """A second database session that holds a row lock until released."""

    def __init__(self):
        self.conn = psycopg2.connect(database_url_of_test_db())

    def lock(self, progress: Progress) -> None:
        with self.conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM targets_progress WHERE id = %s FOR UPDATE", [progress.pk])

    def query(self, sql, args=()):
        """Read the server's activity; a fresh snapshot each time, not the transaction's."""
        with self.conn.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(sql, args)
            return cursor.fetchall()

    def release(self) -> None:
        self.conn.rollback()

    def close(self) -> None:
        self.conn.close()


def test_a_killed_run_leaves_the_previous_results_and_the_next_run_completes(
    transactional_db, own_redis, tmp_path
):
    own_redis.start()  # a broker of its own: the killed, unacknowledged task dies with it
    patents = Indicator.objects.get(code="2.1")
    for quarter, value in ((1, 500), (2, 560), (3, 640)):
        figure(patents, 2026, quarter, value)
    ensure_open_periods()  # as the task does first, so both runs compute the same quarters
    first = progress_compute(trigger=Trigger.COMMAND)
    assert first.status == RunStatus.SUCCEEDED and first.rows_created >= 3
    # Make the next run both create a row and update one, so it writes before it blocks.
    missing = Progress.objects.filter(indicator=patents).order_by("period__quarter").first()
    missing_key = (missing.indicator_id, missing.period_id)
    missing.delete()
    stale = Progress.objects.filter(indicator=patents).order_by("period__quarter").last()
    Progress.objects.filter(pk=stale.pk).update(value=1)
    before = snapshot()

    blocker = Blocker()
    worker = WorkerProcess(tmp_path / "worker-1.log")
    try:
        blocker.lock(stale)
        worker.wait_ready()
        tasks.compute_progress.delay()
        (backend,) = wait_for(lambda: blocker.query(WAITING_ON_PROGRESS), timeout=60)[0]
        killed = ProgressRun.objects.get(status=RunStatus.RUNNING)
        os.kill(worker.process.pid, signal.SIGKILL)
        worker.process.wait(timeout=10)
        blocker.release()
        # The server ends the dead worker's session (and rolls its transaction back) once the
        # lock it waited on is free and it finds the client gone.
        wait_for(lambda: blocker.query(SESSIONS_OF, [backend]) == [(0,)], timeout=30)
    finally:
        blocker.close()
        worker.stop()

    assert snapshot() == before  # the row it created and the rows it updated are all undone
    assert not Progress.objects.filter(indicator_id=missing_key[0], period_id=missing_key[1])
    killed.refresh_from_db()
    assert killed.status == RunStatus.RUNNING  # nobody has told it yet

    worker = WorkerProcess(tmp_path / "worker-2.log")
    try:
        worker.wait_ready()
        tasks.compute_progress.delay()
        run = wait_for(
            lambda: ProgressRun.objects.filter(
                started_at__gt=killed.started_at, finished_at__isnull=False
            ).first(),
            timeout=60,
        )
    finally:
        worker.stop()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert (run.rows_created, run.rows_updated) == (1, 1)
    killed.refresh_from_db()
    assert (killed.status, killed.error) == (RunStatus.FAILED, INTERRUPTED)
    assert Progress.objects.get(pk=stale.pk).value == 640
    assert Progress.objects.filter(indicator_id=missing_key[0], period_id=missing_key[1]).exists()
