"""R4.5: once load_demo has run, every page shows 演示数据 and every exported file carries it."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from core.models import DemoData
from reports.models import Circular
from tests.exports.report_data import pdf_text
from tests.targets.factories import period

pytestmark = pytest.mark.django_db
MARK = "演示数据"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def content(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def report_files(client) -> tuple[bytes, bytes]:
    pdf = content(client.post(reverse("report:download", args=["2026Q3", "pdf"])))
    xlsx = content(client.post(reverse("report:download", args=["2026Q3", "xlsx"])))
    return pdf, xlsx


def test_real_data_carries_no_mark(login, office):
    period(2026, 3)
    client = login(office)
    assert MARK not in client.get(reverse("reports:dashboard"), **ZH).content.decode()
    pdf, xlsx = report_files(client)
    assert pdf_text(pdf).split()[0] != MARK
    assert all(not s.oddHeader.center.text for s in load_workbook(io.BytesIO(xlsx)).worksheets)


def test_after_load_demo_every_page_and_file_says_demo_data(settings, client):
    settings.DEBUG = True
    call_command("load_demo")
    assert DemoData.objects.exists()
    from bureaus.models import User

    office = User.objects.get(username="office")
    client.force_login(office)
    for name in ("reports:dashboard", "home", "reports:defaults"):
        html = client.get(reverse(name), **ZH).content.decode()
        assert 'id="demo-data-banner"' in html and MARK in html, name

    pdf, xlsx = report_files(client)
    assert pdf_text(pdf).split()[0] == MARK
    sheets = load_workbook(io.BytesIO(xlsx)).worksheets
    assert len(sheets) > 3 and all(s.oddHeader.center.text == MARK for s in sheets)

    listed = content(client.get(reverse("tasks_registry:activity-export")))
    assert load_workbook(io.BytesIO(listed)).worksheets[0].oddHeader.center.text == MARK

    circular = Circular.objects.create(
        period=period(2026, 3), title="关于工作进展的通报", body="各成员单位：", created_by=office
    )
    docx = content(client.get(reverse("report:circular-download", args=[circular.pk, "docx"])))
    assert Document(io.BytesIO(docx)).paragraphs[0].text == MARK
    circular_pdf = content(
        client.get(reverse("report:circular-download", args=[circular.pk, "pdf"]))
    )
    assert pdf_text(circular_pdf).split()[0] == MARK
