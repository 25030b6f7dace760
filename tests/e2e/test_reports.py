"""The reports page in Chromium: the office chooses a quarter, previews it, downloads the PDF
with its Chinese name, and finds it in the history."""

# The report fixtures (tests/exports/report_data.py) are imported, then named as parameters.
# ruff: noqa: F811

import hashlib
from pathlib import Path

import pytest

from exports.models import GeneratedReport
from tests.e2e.conftest import nav, screenshot
from tests.exports.report_data import media, pinned_today, report_data  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_lets_the_office_preview_and_download_a_report(page, browser_login, office, report_data):
    browser_login(office)
    nav(page, "a[href='/reports/']")
    page.select_option("#period", "2026Q3")
    page.click("#choose-period button[type=submit]")
    page.wait_for_url("**/reports/2026Q3/")
    assert page.locator("tr[data-code='2.1']").count() == 1
    assert page.locator("figure.chart svg polyline").count() >= 2
    screenshot(page, "report-preview")
    # Rendering the PDF takes seconds, many more on a busy machine: this test is about what
    # arrives, docs/PERFORMANCE.md measures how fast.
    with page.expect_download(timeout=90_000) as download:
        page.click("#download-pdf", timeout=90_000)
    assert download.value.suggested_filename.endswith("评估报告-2026Q3.pdf")
    content = Path(download.value.path()).read_bytes()
    stored = GeneratedReport.objects.get()
    assert hashlib.sha256(content).hexdigest() == stored.sha256
    page.click("#report-actions a[href='/reports/history/']")
    row = page.locator(f"#report-history tr[data-id='{stored.pk}']")
    assert "2026Q3" in row.inner_text()
    assert row.locator(f"a[href='/reports/history/{stored.pk}/']").count() == 1
