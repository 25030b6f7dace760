"""`manage.py export_report` writes what the page's buttons hand out."""

# The shared fixtures (tests/exports/report_data.py) are imported, then named as parameters.
# ruff: noqa: F811

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from exports.models import GeneratedReport
from tests.exports.report_data import media, pdf_text, pinned_today, report_data  # noqa: F401

pytestmark = pytest.mark.django_db


def _button(client, code, fmt) -> bytes:
    response = client.post(reverse("report:download", args=[code, fmt]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_it_writes_the_same_pdf_as_the_button(login, office, report_data, tmp_path):
    output = tmp_path / "report.pdf"
    call_command("export_report", "--period", "2026Q3", "--format", "pdf", "--output", str(output))
    button = _button(login(office), "2026Q3", "pdf")
    assert pdf_text(output.read_bytes()) == pdf_text(button)
    stored = GeneratedReport.objects.filter(trigger="command").get()
    assert stored.created_by is None and stored.period_code == "2026Q3"


def test_it_writes_the_same_workbook_as_the_button_for_the_year(
    login, office, report_data, tmp_path
):
    output = tmp_path / "report.xlsx"
    call_command("export_report", "--period", "2026", "--format", "xlsx", "--output", str(output))
    button = _button(login(office), "2026", "xlsx")

    def cells(data):
        book = load_workbook(io.BytesIO(data))
        return {s.title: [[c.value for c in row] for row in s.iter_rows()] for s in book}

    assert cells(output.read_bytes()) == cells(button)


def test_it_refuses_an_unknown_period(report_data, tmp_path):
    with pytest.raises(CommandError):
        call_command("export_report", "--period", "2026Q9", "--output", str(tmp_path / "x.pdf"))
