"""Cases by Excel: the template, and the all-or-nothing import with a dry-run preview."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from enforcement.excel import COLUMNS, IMPORT_COLUMNS
from enforcement.models import Case, CaseStatus, CaseStep, IPType, StepKind

pytestmark = pytest.mark.django_db
IMPORT = reverse("enforcement:case-import")

GOOD = {
    "number": "导入〔2026〕1号",
    "title": "销售假冒商标商品案",
    "ip_type": "trademark",
    "proceeding": "administrative",
    "source": "Inspection",
    "status": "",
    "town": "甲镇",
    "respondent_name": "某某商贸有限公司",
    "respondent_is_company": "是",
    "respondent_uscc": "91350100M000100Y43",
    "filed_on": datetime.date(2026, 2, 1),
    "fine": 3000,
}


def workbook(*rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append([c.source for c in IMPORT_COLUMNS])  # English headers are read too
    keys = [c.key for c in IMPORT_COLUMNS]
    for row in rows:
        sheet.append([row.get(k) for k in keys])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(
        "cases.xlsx",
        out.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def preview(client, *rows):
    return client.post(IMPORT, {"step": "preview", "file": workbook(*rows)})


def confirm(client, response):
    return client.post(
        IMPORT,
        {
            "step": "confirm",
            "digest": response.context["digest"],
            "fingerprint": response.context["fingerprint"],
        },
    )


def test_it_offers_a_template_with_every_column(login, alice, town):
    response = login(alice).get(reverse("enforcement:case-template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.max_column == len(COLUMNS) - 1  # all but the handling bureau (the importer's)
    assert len(sheet.data_validations.dataValidation) >= 4


def test_it_previews_then_registers_every_row(login, alice, town):
    client = login(alice)
    # Coded columns take the label as the user's template shows it, in any language.
    second = {
        **GOOD,
        "number": "导入〔2026〕2号",
        "ip_type": str(IPType.PATENT.label),
        "status": str(CaseStatus.CLOSED.label),
        "closed_on": "2026-03-01",
    }
    response = preview(client, GOOD, second)
    assert response.status_code == 200
    assert not response.context["plan"].errors
    assert Case.objects.count() == 0  # a dry run
    response = confirm(client, response)
    assert response.status_code == 302
    first, closed = Case.objects.order_by("number")
    assert first.bureau == alice.bureau and first.town == town and first.fine == 3000
    assert first.ip_type == "trademark" and first.source == "inspection"
    assert first.status == "filed"
    assert closed.ip_type == "patent" and closed.status == "closed"
    assert closed.closed_on == datetime.date(2026, 3, 1)
    assert CaseStep.objects.filter(kind=StepKind.IMPORT).count() == 2


def test_it_imports_nothing_when_one_row_is_bad(login, alice, town):
    client = login(alice)
    bad_uscc = {**GOOD, "number": "导入〔2026〕2号", "respondent_uscc": "91350100M000100Y44"}
    bad_type = {**GOOD, "number": "导入〔2026〕3号", "ip_type": "外观"}
    no_date = {**GOOD, "number": "导入〔2026〕4号", "filed_on": None}
    formula = {**GOOD, "number": "导入〔2026〕5号", "fine": "=1+1"}
    response = preview(client, GOOD, bad_uscc, bad_type, no_date, formula, GOOD)
    plan = response.context["plan"]
    assert plan.error_rows == [3, 4, 5, 6, 7]
    assert not response.context["can_confirm"]
    messages = " ".join(e.message for e in plan.errors)
    assert "外观" in messages
    # Even a forged confirmation saves nothing while the file has errors.
    response = client.post(
        IMPORT, {"step": "confirm", "digest": response.context["digest"], "fingerprint": "x"}
    )
    assert response.status_code == 409
    assert Case.objects.count() == 0


def test_it_refuses_a_number_that_exists(login, alice, case, town):
    response = preview(login(alice), {**GOOD, "number": case.number})
    assert response.context["plan"].error_rows == [2]


def test_it_rolls_back_if_a_number_is_taken_after_the_preview(login, alice, make_case, town):
    client = login(alice)
    second = {**GOOD, "number": "导入〔2026〕2号"}
    response = preview(client, GOOD, second)
    make_case(alice, number=second["number"])  # someone registers it meanwhile
    response = confirm(client, response)
    assert response.status_code == 409
    assert not Case.objects.filter(number=GOOD["number"]).exists()


def test_it_refuses_a_file_that_is_not_a_workbook(login, alice):
    upload = SimpleUploadedFile("cases.xlsx", b"not a workbook")
    response = login(alice).post(IMPORT, {"step": "preview", "file": upload})
    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_it_lets_only_bureau_staff_import(login, office, bob, leader):
    for user in (office, leader):
        assert login(user).get(IMPORT).status_code == 403
        assert login(user).get(reverse("enforcement:case-template")).status_code == 403
