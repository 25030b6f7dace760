"""A large export on a real Celery worker process and broker: queued by the view, written by the
worker, downloaded from the job page; for a period list and for a register's filtered list."""

import io

import pytest
from django.http import QueryDict
from django.urls import reverse
from openpyxl import load_workbook

from enforcement import services as case_services
from enforcement.filters import filtered_cases
from exports.list_exports import figures_queryset
from exports.models import ExportJob, JobStatus
from targets.models import Indicator
from tests.celery_worker import wait_for
from tests.enforcement.conftest import case_data
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


def test_it_re_applies_a_registers_filters_on_the_worker(
    celery_worker_process, login, alice, bob, settings
):
    """A register's export (not period-based): the worker re-reads the stored filters under the
    requester's scope, so the file is the filtered list alice sees, without bob's case."""
    for index, (user, ip_type) in enumerate(
        [(alice, "patent"), (alice, "trademark"), (alice, "patent"), (bob, "patent")]
    ):
        case_services.case_create(
            user=user, data=case_data(number=f"W-{index}", ip_type=ip_type, title="=1+1")
        )
    settings.EXPORT_SYNC_ROWS = 1
    client = login(alice)
    response = client.get(reverse("enforcement:case-export") + "?ip_type=patent&sort=number")
    job = ExportJob.objects.get()
    assert response.url == reverse("exports:job", args=[job.pk]) and job.total == 2
    job = wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).first()
    )
    assert job.status == JobStatus.DONE, job.error
    data = b"".join(client.get(reverse("exports:job-download", args=[job.pk])).streaming_content)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2))
    _filterset, cases = filtered_cases(alice, QueryDict("ip_type=patent&sort=number"))
    assert [r[0].value for r in rows] == [c.number for c in cases] == ["W-0", "W-2"]
    assert all(r[1].value == "=1+1" and r[1].data_type == "s" for r in rows)
    job.file.delete()
