"""Who and what starts a run: the nightly beat entry, the Celery task, the office's button."""

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import OperationalError
from django.urls import reverse

from targets import tasks
from targets.models import ProgressRun, RunStatus

pytestmark = pytest.mark.django_db


def test_it_schedules_the_nightly_run_at_two_in_shanghai():
    (entry,) = [
        e for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "targets.tasks.compute_progress"
    ]  # fmt: skip
    assert entry["schedule"] == crontab(hour=2, minute=0)
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


def test_it_runs_the_service_from_the_celery_task():
    result = tasks.compute_progress.apply()
    assert result.successful()
    run = ProgressRun.objects.get(pk=result.result)
    assert (run.status, run.trigger) == (RunStatus.SUCCEEDED, "nightly")


def test_it_retries_the_task_when_the_database_connection_drops(monkeypatch):
    calls = []
    real = tasks.progress_compute

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(**kwargs)

    monkeypatch.setattr(tasks, "progress_compute", flaky)
    result = tasks.compute_progress.apply()
    assert result.successful()
    assert len(calls) == 2


def test_it_does_not_retry_a_bug(monkeypatch):
    calls = []

    def broken(**kwargs):
        calls.append(kwargs)
        raise ZeroDivisionError

    monkeypatch.setattr(tasks, "progress_compute", broken)
    assert tasks.compute_progress.apply().failed()
    assert len(calls) == 1


@pytest.fixture
def queued(monkeypatch):
    calls = []
    monkeypatch.setattr(tasks.compute_progress, "delay", lambda *args: calls.append(args))
    return calls


def test_it_queues_a_run_when_the_office_presses_the_button(login, office, queued):
    response = login(office).post(reverse("targets:compute-progress"))
    assert response.status_code == 302
    assert response.url == reverse("reports:dashboard")
    assert queued == [("office",)]


def test_it_changes_nothing_on_get(login, office, queued):
    assert login(office).get(reverse("targets:compute-progress")).status_code == 405
    assert queued == []


@pytest.mark.parametrize("persona", ["alice", "leader"])
def test_it_refuses_the_button_to_everyone_but_the_office(request, login, persona, queued):
    client = login(request.getfixturevalue(persona))
    assert client.post(reverse("targets:compute-progress")).status_code == 403
    assert queued == []


def test_it_sends_anonymous_users_to_log_in(client, queued):
    response = client.post(reverse("targets:compute-progress"))
    assert response.status_code == 302 and queued == []


def test_it_requires_the_csrf_token(office, queued):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(office)
    assert client.post(reverse("targets:compute-progress")).status_code == 403
    assert queued == []


def test_it_tells_the_office_when_the_queue_is_down_and_keeps_the_run(login, office):
    """A real refused connection (a closed port); tests/reliability runs the kept task later."""
    from health.models import PendingTask
    from ipcity.celery import app
    from tests.reliability.brokers import point_app_at

    original = app.conf.broker_url
    point_app_at("redis://127.0.0.1:1/0")
    try:
        response = login(office).post(reverse("targets:compute-progress"), follow=True)
    finally:
        point_app_at(original)
    assert "unavailable" in response.content.decode() or "不可用" in response.content.decode()
    assert PendingTask.objects.get().name == "targets.tasks.compute_progress"


def test_it_acknowledges_the_task_only_once_it_has_run():
    assert tasks.compute_progress.acks_late is True
    assert tasks.compute_progress.reject_on_worker_lost is True
