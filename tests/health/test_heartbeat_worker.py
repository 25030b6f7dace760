"""The heartbeat runs through a real Celery worker on the real broker and is recorded."""

import pytest
from django.conf import settings

from health.models import Heartbeat
from health.tasks import heartbeat
from tests.celery_worker import wait_for

pytestmark = pytest.mark.celery


def test_it_runs_the_heartbeat_on_a_real_worker(celery_worker_process):
    assert not Heartbeat.objects.exists()
    heartbeat.delay()
    beat = wait_for(lambda: Heartbeat.objects.filter(name="heartbeat").first())
    assert beat.runs == 1
    assert beat.hostname.startswith("pytest-")


def test_it_counts_every_run(celery_worker_process):
    heartbeat.delay()
    heartbeat.delay()
    wait_for(lambda: Heartbeat.objects.filter(name="heartbeat", runs=2).exists())


def test_the_beat_schedule_names_a_registered_task():
    from ipcity.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
