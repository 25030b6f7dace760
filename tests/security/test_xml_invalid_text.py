"""Characters XML cannot hold (U+0000-U+001F but tab and line breaks, U+FFFE, U+FFFF, lone
surrogates) never break a file: they are dropped as any text is saved, and every writer (the
streaming list exports, openpyxl sheets, the circular's .docx and the PDFs) drops them again, so
rows stored before still export."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document
from lxml import etree
from openpyxl import load_workbook

from audit.models import AuditEvent, Event
from enforcement.models import Case
from finance.models import PledgeLoan
from reports.models import Circular
from targets.models import Figure
from tasks_registry.models import TaskReport
from tests.enforcement.conftest import case_data
from tests.exports.report_data import media, pinned_today, report_data  # noqa: F401
from tests.finance.conftest import make_enterprise, make_loan
from tests.targets.factories import period
from tests.workflow.conftest import draft_figure, patents, q3  # noqa: F401

pytestmark = pytest.mark.django_db
# ruff: noqa: F811


def workbook_text(data: bytes) -> str:
    """Every cell's text of every sheet, after checking each sheet's XML is well-formed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                etree.fromstring(archive.read(name))  # raises on a malformed part
    workbook = load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_a_login_as_attacker_uffff_is_logged_without_it_and_the_log_exports(client, login, auditor):
    client.post(reverse("login"), {"username": "attacker\uffff", "password": "wrong"})
    event = AuditEvent.objects.get(event=Event.LOGIN_FAILED)
    assert event.username == "attacker"
    response = login(auditor).get(reverse("audit:export"))
    assert response.status_code == 200
    assert "attacker" in workbook_text(body(response))


def test_a_case_title_with_ufffe_exports_as_a_well_formed_workbook(login, alice):
    response = login(alice).post(
        reverse("enforcement:case-create"),
        {
            **{k: v for k, v in case_data().items() if v not in (False, None)},
            "filed_on": "2026-03-02",
            "title": "侵权\ufffe案\x01",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get().title == "侵权案"
    # A title stored before the rule (a write no signal sees) is dropped by the writer.
    Case.objects.update(title="旧\ufffe案\x0b名")
    response = login(alice).get(reverse("enforcement:case-export"))
    assert response.status_code == 200
    assert "旧案名" in workbook_text(body(response))


def test_an_old_lender_and_task_report_with_uffff_still_give_the_office_its_reports(
    login, office, report_data
):
    firm = make_enterprise(report_data["lead"], 7)
    loan = make_loan(firm, start=datetime.date(2026, 2, 1), lender="示例银行")
    PledgeLoan.objects.filter(pk=loan.pk).update(lender="示例\uffff银行")
    TaskReport.objects.update(work_done="联席会议\uffff制度已建立", problems="尚未\x02运行")
    client = login(office)
    sheet = client.post(reverse("report:download", args=["2026Q3", "xlsx"]))
    assert sheet.status_code == 200
    assert "示例银行" in workbook_text(body(sheet))
    pdf = client.post(reverse("report:download", args=["2026Q3", "pdf"]))
    assert pdf.status_code == 200 and body(pdf).startswith(b"%PDF")


def test_an_old_figure_note_with_uffff_still_gives_the_template(login, alice, draft_figure, q3):
    Figure.objects.filter(pk=draft_figure.pk).update(note="说明\uffff文字")
    response = login(alice).get(reverse("reporting:figures-template", args=[q3]))
    assert response.status_code == 200
    assert "说明文字" in workbook_text(body(response))


def test_an_old_circular_with_uffff_still_gives_the_docx_and_pdf(login, office):
    circular = Circular.objects.create(
        period=period(2026, 3), title="通报", body="正文", created_by=office
    )
    Circular.objects.filter(pk=circular.pk).update(title="关于\uffff通报", body="第一段\uffff\x01")
    client = login(office)
    docx = client.get(reverse("report:circular-download", args=[circular.pk, "docx"]))
    assert docx.status_code == 200
    texts = [p.text for p in Document(io.BytesIO(body(docx))).paragraphs]
    assert texts[:2] == ["关于通报", "第一段"]
    pdf = client.get(reverse("report:circular-download", args=[circular.pk, "pdf"]))
    assert pdf.status_code == 200 and body(pdf).startswith(b"%PDF")


def test_the_api_stores_a_lender_without_uffff(login, alice):
    firm = make_enterprise(alice.bureau, 8)
    response = login(alice).post(
        "/api/v1/pledge-loans/",
        {
            "enterprise": firm.pk,
            "lender": "某\uffff银行",
            "amount": "100000.00",
            "rate": "3.500",
            "start_date": "2026-01-05",
            "maturity_date": "2027-01-05",
            "patent_numbers": "ZL202310123456.6",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert PledgeLoan.objects.get().lender == "某银行"
    assert PledgeLoan.objects.get().amount == Decimal("100000.00")
