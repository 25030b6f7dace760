"""Enterprises and loans by Excel: template, dry run, all or nothing, row errors, formulas."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from finance.imports import KINDS
from finance.models import Enterprise, PledgeLoan
from spreadsheets import xlsx
from tests.finance.conftest import PATENT, uscc

pytestmark = pytest.mark.django_db


def template(client, kind):
    response = client.get(reverse("finance:import-template", args=[kind]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def fill(workbook, rows, kind="enterprises"):
    """Rows as {column key: value}, written under the template's own header."""
    sheet = workbook.worksheets[0]
    keys = [c.key for c in KINDS[kind].columns]
    for number, row in enumerate(rows, start=2):
        for key, value in row.items():
            sheet.cell(row=number, column=keys.index(key) + 1, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("upload.xlsx", out.getvalue(), content_type=xlsx.XLSX_TYPE)


def preview(client, kind, upload):
    return client.post(reverse("finance:import", args=[kind]), {"step": "preview", "file": upload})


def confirm(client, kind, response):
    context = response.context
    return client.post(
        reverse("finance:import", args=[kind]),
        {"step": "confirm", "digest": context["digest"], "fingerprint": context["fingerprint"]},
    )


def enterprise_row(serial, **fields):
    return {"name": f"导入企业{serial}", "uscc": uscc(serial), "is_high_tech": "是"} | fields


def test_it_imports_enterprises_after_a_dry_run(login, alice, cluster):
    client = login(alice)
    rows = [enterprise_row(1, cluster=cluster.name), enterprise_row(2, is_listed="否")]
    response = preview(client, "enterprises", fill(template(client, "enterprises"), rows))
    assert response.status_code == 200 and response.context["can_confirm"]
    assert not Enterprise.objects.exists()  # a dry run saves nothing
    response = confirm(client, "enterprises", response)
    assert response.status_code == 302
    saved = Enterprise.objects.order_by("uscc")
    assert [e.name for e in saved] == ["导入企业1", "导入企业2"]
    assert all(e.bureau == alice.bureau and e.is_high_tech for e in saved)
    assert saved[0].cluster == cluster


def test_it_imports_nothing_when_one_row_is_bad(login, alice):
    client = login(alice)
    bad = uscc(3)[:17] + ("0" if uscc(3)[17] != "0" else "1")
    rows = [
        enterprise_row(1),
        enterprise_row(2, town="不存在镇"),
        enterprise_row(3, uscc=bad),
        enterprise_row(4, is_listed="也许"),
        enterprise_row(5, uscc=uscc(1)),
    ]
    response = preview(client, "enterprises", fill(template(client, "enterprises"), rows))
    plan = response.context["plan"]
    assert plan.error_rows == [3, 4, 5, 6]
    assert not response.context["can_confirm"]
    assert confirm(client, "enterprises", response).status_code == 409
    assert not Enterprise.objects.exists()


def test_it_updates_its_own_enterprise_and_refuses_another_bureaus(login, alice, firm, other_firm):
    client = login(alice)
    rows = [
        enterprise_row(0, uscc=firm.uscc.lower(), name="甲示例科技股份有限公司"),
        enterprise_row(0, uscc=other_firm.uscc, name="改名"),
    ]
    response = preview(client, "enterprises", fill(template(client, "enterprises"), rows))
    assert response.context["plan"].error_rows == [3]
    rows.pop()
    response = preview(client, "enterprises", fill(template(client, "enterprises"), rows))
    assert [c.action for c in response.context["plan"].changes] == ["update"]
    confirm(client, "enterprises", response)
    firm.refresh_from_db()
    other_firm.refresh_from_db()
    assert firm.name == "甲示例科技股份有限公司" and other_firm.name == "乙示例制药有限公司"


def test_it_reads_formulas_as_text_and_never_runs_them(login, alice):
    client = login(alice)
    rows = [enterprise_row(1, name='=HYPERLINK("http://x","y")', year="=2020+5")]
    response = preview(client, "enterprises", fill(template(client, "enterprises"), rows))
    errors = response.context["plan"].errors
    assert [e.row for e in errors] == [2]  # the formula in a number column is refused


def test_it_imports_loans_for_the_bureaus_enterprises(login, alice, firm, other_firm):
    client = login(alice)
    base = {
        "lender": "示例银行",
        "amount": 1000000,
        "rate": 3.45,
        "start_date": "2025-01-01",
        "maturity_date": "2026-01-01",
        "patent_numbers": "ZL 2023 1 0123456.6、CN201710601862.3",
        "trademark_numbers": "12345678",
    }
    rows = [
        base | {"uscc": firm.uscc, "registration_number": "Y2025001"},
        base | {"uscc": other_firm.uscc, "registration_number": "Y2025002"},
        base | {"uscc": firm.uscc, "registration_number": "Y2025003", "patent_numbers": "ZL1"},
    ]
    response = preview(client, "loans", fill(template(client, "loans"), rows, "loans"))
    assert response.context["plan"].error_rows == [3, 4]
    assert confirm(client, "loans", response).status_code == 409
    assert not PledgeLoan.objects.exists()
    response = preview(client, "loans", fill(template(client, "loans"), rows[:1], "loans"))
    assert confirm(client, "loans", response).status_code == 302
    loan = PledgeLoan.objects.get()
    assert loan.patent_list == [PATENT, "ZL201710601862.3"] and loan.amount == Decimal("1000000")
    # The same registration number again updates that loan.
    response = preview(
        client, "loans", fill(template(client, "loans"), [rows[0] | {"amount": 2e6}], "loans")
    )
    assert [c.action for c in response.context["plan"].changes] == ["update"]
    confirm(client, "loans", response)
    assert PledgeLoan.objects.get().amount == Decimal("2000000")


def test_it_rolls_back_every_row_if_one_save_is_refused(alice):
    from finance import imports
    from finance.services import FinanceError

    plan = imports.ImportPlan(kind="enterprises")
    for serial in (1, 2):
        plan.changes.append(
            imports.RowChange(
                serial + 1, "x", Enterprise(), {"name": f"e{serial}", "uscc": uscc(serial)}
            )
        )
    calls = []

    def save(change, user):
        calls.append(change.row)
        if change.row == 3:
            raise FinanceError("refused", errors={"uscc": ["taken"]})
        return imports.save_enterprise(change, user)

    kind = imports.KINDS["enterprises"]
    with pytest.raises(FinanceError) as refused:
        imports.apply_plan(imports.Kind(**{**kind.__dict__, "save": save}), plan, alice)
    assert refused.value.message == str(imports.ROW_REFUSED % {"row": 3, "message": "taken"})
    assert calls == [2, 3] and not Enterprise.objects.exists()


@pytest.mark.parametrize("persona", ["bob", "office", "leader"])
def test_it_lets_only_staff_import(request, login, persona):
    client = login(request.getfixturevalue(persona))
    if persona == "bob":
        assert client.get(reverse("finance:import", args=["enterprises"])).status_code == 200
    else:
        assert client.get(reverse("finance:import", args=["enterprises"])).status_code == 403
        assert client.get(reverse("finance:import-template", args=["loans"])).status_code == 403


def test_it_refuses_a_file_that_is_not_a_workbook(login, alice):
    upload = SimpleUploadedFile("x.xlsx", b"not a workbook", content_type=xlsx.XLSX_TYPE)
    response = preview(login(alice), "enterprises", upload)
    assert response.status_code == 400 and "import-error" in response.content.decode()


def test_it_offers_the_choices_in_the_template(login, alice, cluster):
    workbook = template(login(alice), "enterprises")
    lists = workbook.worksheets[1]
    values = {c.value for column in lists.iter_cols() for c in column}
    assert cluster.name in values and "是" in values
    assert workbook.worksheets[0].data_validations.dataValidation  # drop-downs on the sheet
