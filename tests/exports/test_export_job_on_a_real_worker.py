"""A large export on a real Celery worker process and broker: queued by the view, written by the
worker, downloaded from the job page."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from exports.models import ExportJob, JobStatus
from exports.list_exports import figures_queryset
from targets.models import Indicator
from tests.celery_worker import wait_for
from tests.targets.factories import figure

pytestmark = pytest.mark.celery


def test_it_writes_a_large_export_on_the_worker(celery_worker_process, login, office, settings):
    settings.EXPORT_SYNC_ROWS = 2
    for code in ("2.1", "2.2", "2.4"):
        figure(Indicator.objects.get(code=code), 2026, 3, 100)
    client = login(office)
    response = client.get(reverse("exports:list", args=["figures", "2026Q3"]))
    job = ExportJob.objects.get()
    assert response.url == reverse("exports:job", args=[job.pk])
    job = wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).first()
    )
    assert job.status == JobStatus.DONE, job.error
    assert job.progress == 3
    data = b"".join(client.get(reverse("exports:job-download", args=[job.pk])).streaming_content)
    rows = list(
        load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(min_row=2, values_only=True)
    )
    assert [r[1] for r in rows] == [
        f.indicator.code for f in figures_queryset(office, {"period": "2026Q3"})
    ]
    job.file.delete()
