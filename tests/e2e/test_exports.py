"""Register exports in Chromium: the case list filtered on the page, its export button downloads
exactly those cases; above EXPORT_SYNC_ROWS the button leads to the job page, which refreshes
itself until the download link appears."""

import io
from pathlib import Path

import pytest
from django.http import QueryDict
from django.urls import reverse
from openpyxl import load_workbook

from enforcement import services
from enforcement.filters import filtered_cases
from exports.models import ExportJob
from exports.services import export_job_run
from tests.e2e.conftest import screenshot
from tests.enforcement.conftest import case_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def numbers_in(download) -> list[str]:
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).worksheets[0]
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_case_lists_export_button_downloads_the_filtered_cases_or_queues_a_job(
    page, browser_login, alice, bob, settings
):
    for index, (user, ip_type) in enumerate(
        [(alice, "patent"), (alice, "trademark"), (alice, "patent"), (bob, "patent")]
    ):
        services.case_create(user=user, data=case_data(number=f"E-{index}", ip_type=ip_type))
    browser_login(alice)
    page.goto(reverse("enforcement:case-list"))
    page.select_option("#id_ip_type", "patent")
    page.click("#case-filters button[type=submit]")
    page.wait_for_url("**ip_type=patent*")
    with page.expect_download() as download:
        page.click("#export-cases")
    assert download.value.suggested_filename.startswith("执法案件")
    listed = [c.number for c in filtered_cases(alice, QueryDict("ip_type=patent"))[1]]
    assert numbers_in(download.value) == listed == ["E-2", "E-0"]

    settings.EXPORT_SYNC_ROWS = 1
    page.click("#export-cases")
    page.wait_for_url("**/exports/jobs/*/")
    job = ExportJob.objects.get()
    assert page.locator("#job[data-status='queued']").count() == 1
    export_job_run(job_id=job.pk)  # what the worker does (a real worker: tests/exports)
    page.locator("#job-download").wait_for()  # the page refreshed itself
    screenshot(page, "export-job-done")
    with page.expect_download() as download:
        page.click("#job-download")
    assert numbers_in(download.value) == listed
    job.refresh_from_db()
    job.file.delete()
