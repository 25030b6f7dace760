"""The nightly task on a real Celery worker process and broker (Redis in CI), then the dashboard."""

from decimal import Decimal

import pytest
from django.urls import reverse

from targets import tasks
from targets.models import Indicator, ProgressRun, RunStatus
from tests.celery_worker import wait_for
from tests.targets.factories import figure

pytestmark = pytest.mark.celery


def test_it_computes_progress_on_a_worker_and_the_dashboard_shows_it(
    celery_worker_process, login, office
):
    patents = Indicator.objects.get(code="2.1")
    figure(patents, 2024, 1, 500)
    figure(patents, 2024, 2, 640)

    tasks.compute_progress.delay()
    run = wait_for(lambda: ProgressRun.objects.filter(status__in=["succeeded", "failed"]).first())
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.trigger == "nightly" and run.rows_created > 0

    response = login(office).get(reverse("reports:dashboard"))
    card = next(c for c in response.context["cards"] if c.indicator.code == "2.1")
    assert card.latest.value == Decimal("640")
    assert 'data-code="2.1" data-status="' in response.content.decode()
