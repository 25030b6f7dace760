"""Redis down: pages still work, a request that queues a task (the office's progress run, a large
export) neither hangs nor fails, the task is kept in the database, and a real worker runs it once
Redis is back (ipcity/queueing.py)."""

import time

import pytest
from django.urls import reverse

from exports.models import ExportJob, JobStatus
from health.models import PendingTask
from ipcity.queueing import redispatch
from targets.models import Indicator, ProgressRun, RunStatus
from tests.celery_worker import WorkerProcess, wait_for
from tests.targets.factories import figure

pytestmark = pytest.mark.celery

QUICKLY = 5.0  # seconds: a request may wait this long at most for a broker that is down


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_pages_work_and_the_queued_run_happens_when_redis_returns(
    transactional_db, own_redis, login, office, tmp_path
):
    client = login(office)  # Redis never started: down from the outset

    for url in (reverse("reports:dashboard"), reverse("enforcement:case-list"), "/"):
        response, seconds = timed(lambda url=url: client.get(url))
        assert response.status_code == 200, url
        assert seconds < QUICKLY, url
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded" and health.json()["broker"] == "down"

    response, seconds = timed(lambda: client.post(reverse("targets:compute-progress")))
    assert response.status_code == 302 and seconds < QUICKLY
    kept = PendingTask.objects.get()
    assert (kept.name, kept.args) == ("targets.tasks.compute_progress", ["office"])
    assert client.get("/healthz").json()["tasks_waiting"] == 1
    assert redispatch() == 0  # still down: kept, its attempt counted
    kept.refresh_from_db()
    assert kept.attempts == 1 and "127.0.0.1" in kept.last_error
    assert not ProgressRun.objects.exists()

    own_redis.start()
    worker = WorkerProcess(tmp_path / "worker.log")  # publishes what was kept when it is ready
    try:
        worker.wait_ready()
        run = wait_for(lambda: ProgressRun.objects.filter(status=RunStatus.SUCCEEDED).first(), 60)
    finally:
        worker.stop()
    assert run.trigger == "office"
    assert not PendingTask.objects.exists()
    assert client.get("/healthz").json()["status"] == "ok"


def test_every_task_of_ours_follows_the_broker_down_rule():
    """So no enqueuing place (an export, the office's button, a retry) can escape the rule."""
    from ipcity.celery import app
    from ipcity.queueing import KeptTask

    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert {"exports.tasks.run_export", "targets.tasks.compute_progress"} <= set(ours)
    assert [name for name, task in ours.items() if not isinstance(task, KeptTask)] == []
    # Only beat's minute-by-minute jobs are not kept: the next one comes a minute later.
    assert {name for name, task in ours.items() if not task.keep_when_broker_down} == {
        "health.tasks.heartbeat",
        "health.tasks.redispatch_pending",
        "notifications.tasks.deliver_due_notifications",
    }


def test_a_large_export_asked_for_while_redis_is_down_is_written_when_it_returns(
    transactional_db, own_redis, login, office, settings, tmp_path
):
    settings.EXPORT_SYNC_ROWS = 2
    for code in ("2.1", "2.2", "2.4"):
        figure(Indicator.objects.get(code=code), 2026, 3, 100)
    client = login(office)
    url = reverse("exports:list", args=["figures", "2026Q3"])
    response, seconds = timed(lambda: client.get(url))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and seconds < QUICKLY
    assert response.url == reverse("exports:job", args=[job.pk])
    assert client.get(response.url).status_code == 200  # its progress page, while it waits
    assert job.status == JobStatus.QUEUED
    assert PendingTask.objects.get().args == [job.pk]

    own_redis.start()
    worker = WorkerProcess(tmp_path / "worker.log")
    try:
        worker.wait_ready()
        job = wait_for(lambda: ExportJob.objects.filter(pk=job.pk, status="done").first(), 60)
    finally:
        worker.stop()
    assert job.progress == 3 and not PendingTask.objects.exists()
    job.file.delete()


def test_a_kept_task_that_cannot_be_published_does_not_hold_up_the_others(db, own_redis):
    """A task renamed by a deploy stays kept with its error; the tasks behind it are published."""
    from ipcity.celery import app

    app.loader.import_default_modules()  # as in a worker, where redispatch runs
    own_redis.start()
    gone = PendingTask.objects.create(name="targets.tasks.renamed_since", args=[], kwargs={})
    waiting = PendingTask.objects.create(name="health.tasks.heartbeat", args=[], kwargs={})
    assert redispatch() == 1
    assert not PendingTask.objects.filter(pk=waiting.pk).exists()
    gone.refresh_from_db()
    assert (gone.attempts, gone.last_error.split(":")[0]) == (1, "NotRegistered")
    assert redispatch() == 0  # tried again next time, alone, without a loop
    gone.refresh_from_db()
    assert gone.attempts == 2
