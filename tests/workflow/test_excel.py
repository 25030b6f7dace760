"""Figures by Excel: the template, the checked all-or-nothing import, and who may do which."""

import io
import zipfile
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import override
from openpyxl import load_workbook

from bureaus.models import Bureau
from spreadsheets import xlsx
from targets.models import Figure, Indicator, IndicatorSource
from workflow import excel
from workflow.excel_views import CHANGED, EXPIRED, SESSION_KEY
from workflow.kinds import owed_figures
from workflow.models import SubmissionState, Transition
from workflow.services import LOCKED, NOT_EDITABLE, WorkflowError

pytestmark = pytest.mark.django_db

COL = {c.key: i for i, c in enumerate(excel.COLUMNS, start=1)}


def template_url(period):
    return reverse("reporting:figures-template", args=[period])


def import_url(period):
    return reverse("reporting:import-figures", args=[period])


def rows_of(sheet):
    """{indicator code: row number} of a template sheet."""
    return {
        sheet.cell(row=r, column=COL["code"]).value: r
        for r in range(2, sheet.max_row + 1)
        if sheet.cell(row=r, column=COL["code"]).value
    }


def column_values(sheet, key):
    return {sheet.cell(row=r, column=COL[key]).value for r in range(2, sheet.max_row + 1)}


def download(client, period):
    response = client.get(template_url(period))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def as_upload(workbook, name="figures.xlsx"):
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=xlsx.XLSX_TYPE)


def fill(workbook, **values_by_code):
    """Set the value cell of the rows with these codes (2_1=900 for code 2.1)."""
    sheet = workbook.active
    rows = rows_of(sheet)
    for code, value in values_by_code.items():
        sheet.cell(row=rows[code.replace("_", ".")], column=COL["value"]).value = value
    return workbook


def add_row(workbook, code, value, bureau_code=""):
    sheet = workbook.active
    row = sheet.max_row + 1
    sheet.cell(row=row, column=COL["code"]).value = code
    sheet.cell(row=row, column=COL["bureau_code"]).value = bureau_code
    sheet.cell(row=row, column=COL["value"]).value = value
    return row


def preview(client, period, upload):
    return client.post(import_url(period), {"step": "preview", "file": upload})


def confirm(client, period, response):
    return client.post(
        import_url(period),
        {
            "step": "confirm",
            "digest": response.context["digest"],
            "fingerprint": response.context["fingerprint"],
        },
    )


@pytest.fixture
def alice_client(login, alice):
    return login(alice)


# ---------------------------------------------------------------------------------------------
# The template


def test_it_gives_staff_exactly_their_owed_rows(alice_client, alice, q3):
    response = alice_client.get(template_url(q3))
    assert response["Content-Type"] == xlsx.XLSX_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="figures-2026Q3-market.xlsx"; ')
    assert "filename*=UTF-8''" in disposition and "%E5%8C%BA" in disposition  # 区, encoded
    sheet = load_workbook(io.BytesIO(response.content)).active
    expected = {i.code for i, _b in owed_figures(alice.bureau_id)}
    assert expected  # 区市场监管局 reports patents and trademarks
    assert set(rows_of(sheet)) == expected
    assert sheet.max_row == len(expected) + 1
    assert column_values(sheet, "bureau_code") == {"market"}
    assert column_values(sheet, "period") == {"2026Q3"}


def test_it_freezes_and_protects_the_header_and_validates_values(alice_client, q3, draft_figure):
    sheet = download(alice_client, q3).active
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(row=1, column=1).font.bold
    assert sheet.protection.sheet is True
    row = rows_of(sheet)["2.1"]
    for key in ("value", "note", "explanation"):
        assert sheet.cell(row=row, column=COL[key]).protection.locked is False
    for key in ("code", "name", "unit", "bureau_code", "bureau", "state"):
        assert sheet.cell(row=row, column=COL[key]).protection.locked is True
    assert sheet.cell(row=1, column=COL["value"]).protection.locked is True
    assert sheet.column_dimensions["J"].hidden  # the period key column
    assert sheet.column_dimensions["B"].width >= 20  # Chinese names fit
    # 件 are whole numbers; every value cell of this template is covered by a "whole ≥ 0" rule.
    value_cell = sheet.cell(row=row, column=COL["value"]).coordinate
    rules = [dv for dv in sheet.data_validations.dataValidation if value_cell in dv]
    assert len(rules) == 1
    assert (rules[0].type, rules[0].operator, rules[0].formula1) == (
        "whole",
        "greaterThanOrEqual",
        "0",
    )
    assert sheet.cell(row=row, column=COL["value"]).value == 800  # the draft, pre-filled


def test_it_uses_decimal_validation_for_fractional_units(login, office, q3):
    sheet = download(login(office), q3).active
    row = rows_of(sheet)["3.3"]  # 万元, reported by 区经济信息委
    cell = sheet.cell(row=row, column=COL["value"]).coordinate
    rules = [dv for dv in sheet.data_validations.dataValidation if cell in dv]
    assert [r.type for r in rules] == ["decimal"]


def test_it_locks_the_value_of_a_submitted_figure(alice_client, q3, draft_figure):
    draft_figure.state = SubmissionState.SUBMITTED
    draft_figure.save()
    sheet = download(alice_client, q3).active
    row = rows_of(sheet)["2.1"]
    assert sheet.cell(row=row, column=COL["value"]).protection.locked is True
    assert sheet.cell(row=row, column=COL["value"]).value == 800


def test_it_gives_the_office_every_bureaus_rows(login, office, q3):
    sheet = download(login(office), q3).active
    assert set(rows_of(sheet)) == {i.code for i, _b in owed_figures()}


@pytest.mark.parametrize("persona", ["leader", "admin_user"])
def test_it_refuses_the_template_to_other_roles(login, request, q3, persona):
    client = login(request.getfixturevalue(persona))
    assert client.get(template_url(q3)).status_code == 403
    assert client.get(import_url(q3)).status_code == 403


def test_it_sends_anonymous_users_to_log_in(client, q3):
    assert client.get(template_url(q3)).status_code == 302
    assert client.get(import_url(q3)).status_code == 302


def test_it_writes_formula_looking_text_as_text(alice_client, q3, draft_figure):
    draft_figure.note = '=HYPERLINK("http://evil.example","点击")'
    draft_figure.explanation = "@SUM(1+1)"
    draft_figure.save()
    response = alice_client.get(template_url(q3))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = rows_of(sheet)["2.1"]
    note = sheet.cell(row=row, column=COL["note"])
    assert (note.data_type, note.value) == ("s", draft_figure.note)
    assert note.quotePrefix  # Excel's leading apostrophe: it stays text when edited
    assert sheet.cell(row=row, column=COL["explanation"]).data_type == "s"


# ---------------------------------------------------------------------------------------------
# The import


def test_it_previews_the_changes_and_saves_nothing(alice_client, q3, draft_figure):
    workbook = fill(download(alice_client, q3), **{"2_1": 900, "2_2": "1,200"})
    response = preview(alice_client, q3, as_upload(workbook))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.errors == []
    actions = {c.indicator.code: (c.action, c.old_value, c.value) for c in plan.changes}
    assert actions["2.1"] == ("update", Decimal("800.0000"), Decimal("900"))
    assert actions["2.2"] == ("create", None, Decimal("1200"))
    assert actions["2.4"][0] == "unchanged"
    content = response.content.decode()
    assert 'data-action="update"' in content and 'data-action="create"' in content
    assert 'id="confirm-form"' in content
    draft_figure.refresh_from_db()
    assert draft_figure.value == Decimal("800")
    assert Figure.objects.count() == 1


def test_it_saves_drafts_when_confirmed(alice_client, alice, q3, draft_figure):
    workbook = fill(download(alice_client, q3), **{"2_1": 900, "2_2": 45})
    sheet = workbook.active
    sheet.cell(row=rows_of(sheet)["2.2"], column=COL["note"]).value = "=1+2"  # a real formula
    response = confirm(alice_client, q3, preview(alice_client, q3, as_upload(workbook)))
    assert response.status_code == 302 and response["Location"] == reverse("reporting:todo")
    draft_figure.refresh_from_db()
    assert (draft_figure.value, draft_figure.state, draft_figure.version) == (
        Decimal("900"),
        SubmissionState.DRAFT,
        2,
    )
    created = Figure.objects.get(indicator__code="2.2", period=q3)
    assert (created.value, created.bureau) == (Decimal("45"), alice.bureau)
    assert created.updated_by == alice
    assert created.note == "=1+2"  # kept as text, never evaluated to 3
    assert Transition.objects.filter(object_id=created.pk, action="create").exists()
    assert SESSION_KEY not in alice_client.session  # the upload does not linger


def test_it_saves_nothing_and_names_every_bad_row(alice, alice_client, q3, draft_figure):
    submitted = Figure.objects.create(
        indicator=Indicator.objects.get(code="2.4"),
        bureau=draft_figure.bureau,
        period=q3,
        value=Decimal("10"),
        state=SubmissionState.SUBMITTED,
    )
    workbook = download(alice_client, q3)
    rows = rows_of(workbook.active)
    fill(workbook, **{"2_1": "约100", "2_2": -5, "2_4": 11})  # text, negative, submitted
    unknown = add_row(workbook, "9.9", 1)
    other_bureau = add_row(workbook, "3.3", 1, "economy")
    response = preview(alice_client, q3, as_upload(workbook))
    plan = response.context["plan"]
    assert plan.error_rows == sorted([rows["2.1"], rows["2.2"], rows["2.4"], unknown, other_bureau])
    messages = {(e.row, e.message) for e in plan.errors}
    assert (rows["2.1"], str(xlsx.NOT_A_NUMBER % {"value": "约100"})) in messages
    assert (rows["2.2"], "数值不能为负数。") in messages
    assert (rows["2.4"], str(NOT_EDITABLE)) in messages
    assert (unknown, str(excel.UNKNOWN_INDICATOR % {"code": "9.9"})) in messages
    other = Bureau.objects.get(code="economy")
    assert (other_bureau, str(excel.OTHER_BUREAU % {"bureau": other})) in messages
    content = response.content.decode()
    assert 'id="confirm-form"' not in content
    for error in plan.errors:
        assert f'data-row="{error.row}"' in content and escape(error.message) in content
    # Even a forged confirmation saves nothing.
    confirm(alice_client, q3, response)
    with pytest.raises(WorkflowError):
        excel.apply_plan(plan, alice)
    draft_figure.refresh_from_db()
    submitted.refresh_from_db()
    assert (draft_figure.value, submitted.value) == (Decimal("800"), Decimal("10"))
    assert Figure.objects.count() == 2


def test_it_refuses_to_change_an_approved_figure_but_accepts_it_unchanged(
    alice, alice_client, q3, draft_figure
):
    draft_figure.state = SubmissionState.APPROVED
    draft_figure.note = "第一行\r\n第二行"  # as a browser's textarea sends it
    draft_figure.save()
    workbook = download(alice_client, q3)
    plan = excel.parse_figures_upload(as_upload(workbook), q3, alice)
    assert plan.errors == [] and plan.to_save == []  # the untouched template round-trips
    plan = excel.parse_figures_upload(as_upload(fill(workbook, **{"2_1": 801})), q3, alice)
    assert [e.message for e in plan.errors] == [str(LOCKED)]


def test_it_refuses_duplicate_rows_and_formulas_as_values(alice, alice_client, q3):
    workbook = fill(download(alice_client, q3), **{"2_1": "=100+20"})
    rows = rows_of(workbook.active)
    first = rows["2.2"]
    again = add_row(workbook, "2.2", 1)
    plan = excel.parse_figures_upload(as_upload(workbook), q3, alice)
    assert [(e.row, e.message) for e in plan.errors] == [
        (rows["2.1"], str(xlsx.FORMULA_VALUE % {"value": "=100+20"})),
        (again, str(excel.DUPLICATE % {"code": "2.2", "first": first})),
    ]


def test_it_accepts_numbers_typed_as_text(alice, alice_client, q3):
    workbook = fill(download(alice_client, q3), **{"2_1": " １２００ ", "2_2": "3,400", "2_4": 5.0})
    plan = excel.parse_figures_upload(as_upload(workbook), q3, alice)
    assert plan.errors == []
    assert {c.indicator.code: c.value for c in plan.changes} == {
        "2.1": Decimal("1200"),
        "2.2": Decimal("3400"),
        "2.4": Decimal("5.0"),
    }


@pytest.mark.parametrize(
    ("value", "data_type", "expected"),
    [
        (12.5, "n", (Decimal("12.5"), None)),
        ("0.12340000", "s", (Decimal("0.12340000"), None)),
        (0.12345, "n", (None, xlsx.TOO_MANY_DECIMALS)),
        ("1" * 30 + ".5", "s", (None, xlsx.TOO_BIG)),
        (True, "b", (None, xlsx.NOT_A_NUMBER % {"value": True})),
        ("+12", "s", (Decimal("12"), None)),  # text, read as a number, never evaluated
        ("=12", "s", (None, xlsx.NOT_A_NUMBER % {"value": "=12"})),
        ("=12", "f", (None, xlsx.FORMULA_VALUE % {"value": "=12"})),
        (None, "n", (None, None)),
    ],
)
def test_it_reads_numbers_strictly(value, data_type, expected):
    number, error = xlsx.parse_number(SimpleNamespace(value=value, data_type=data_type))
    assert (number, error and str(error)) == (expected[0], expected[1] and str(expected[1]))


def test_it_reads_back_a_template_made_in_another_language(alice, market, q3, draft_figure):
    with override("en"):
        content = excel.figures_template(q3, market)
    assert b"<t>Value</t>" in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    workbook = fill(load_workbook(io.BytesIO(content)), **{"2_1": 801})
    plan = excel.parse_figures_upload(as_upload(workbook), q3, alice)  # read in Chinese
    assert plan.errors == []
    assert [(c.indicator.code, c.value) for c in plan.to_save] == [("2.1", Decimal("801"))]


def test_it_refuses_last_quarters_template(alice, alice_client, q3):
    from targets.periods import ensure_period

    q2 = ensure_period(2026, 2)
    workbook = fill(download(alice_client, q2), **{"2_1": 5})
    plan = excel.parse_figures_upload(as_upload(workbook), q3, alice)
    refused = excel.WRONG_PERIOD % {"found": "2026Q2", "period": q3}
    assert {e.message for e in plan.errors} == {refused}
    assert len(plan.error_rows) == len(rows_of(workbook.active))


def test_it_rolls_back_every_row_if_a_save_is_refused(alice, alice_client, q3, draft_figure):
    workbook = fill(download(alice_client, q3), **{"2_2": 7, "2_1": 900})
    plan = excel.parse_figures_upload(as_upload(workbook), q3, alice)
    assert [c.indicator.code for c in plan.to_save] == ["2.1", "2.2"]
    # Submitted after the check: save_draft refuses that row, and the row before it is undone.
    Figure.objects.filter(pk=draft_figure.pk).update(state=SubmissionState.SUBMITTED)
    plan.changes.reverse()  # save 2.2 (new) first, then the refused 2.1
    with pytest.raises(WorkflowError):
        excel.apply_plan(plan, alice)
    assert not Figure.objects.filter(indicator__code="2.2").exists()


def test_it_shows_a_fresh_preview_if_figures_changed_before_confirming(
    alice_client, q3, draft_figure
):
    response = preview(alice_client, q3, as_upload(fill(download(alice_client, q3), **{"2_1": 9})))
    Figure.objects.filter(pk=draft_figure.pk).update(version=5)  # someone saved meanwhile
    again = confirm(alice_client, q3, response)
    assert again.status_code == 409
    assert escape(str(CHANGED)) in again.content.decode()
    draft_figure.refresh_from_db()
    assert draft_figure.value == Decimal("800")


def test_it_refuses_a_confirmation_without_a_pending_upload(alice_client, q3):
    response = alice_client.post(import_url(q3), {"step": "confirm", "digest": "x"}, follow=True)
    assert escape(str(EXPIRED)) in response.content.decode()


def test_it_refuses_files_that_are_not_xlsx(alice_client, q3):
    for upload in (
        SimpleUploadedFile("figures.xlsx", b"%PDF-1.7 not a workbook"),
        SimpleUploadedFile("figures.xlsx", "指标代码,数值\n2.1,5\n".encode()),
    ):
        response = preview(alice_client, q3, upload)
        assert response.status_code == 400
        message = xlsx.NOT_XLSX % {"name": "figures.xlsx"}
        assert escape(message) in response.content.decode()
    assert Figure.objects.count() == 0


def test_it_refuses_macro_enabled_workbooks(alice_client, q3):
    workbook = fill(download(alice_client, q3), **{"2_1": 5})
    out = io.BytesIO()
    workbook.save(out)
    with_macros = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(out.getvalue())) as source,
        zipfile.ZipFile(with_macros, "w") as target,
    ):
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    for name, content in (
        ("figures.xlsx", with_macros.getvalue()),
        ("figures.xlsm", out.getvalue()),  # by name, even if the content is clean
    ):
        response = preview(alice_client, q3, SimpleUploadedFile(name, content))
        assert response.status_code == 400
        assert escape(xlsx.MACRO_WORKBOOK % {"name": name}) in response.content.decode()
    assert Figure.objects.count() == 0


def test_it_refuses_a_workbook_without_the_template_columns(alice, q3):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["code", "amount"])
    workbook.active.append(["2.1", 5])
    with pytest.raises(excel.ValidationError) as refused:
        excel.parse_figures_upload(as_upload(workbook), q3, alice)
    assert "Indicator code" in refused.value.messages[0] or "指标代码" in refused.value.messages[0]


# ---------------------------------------------------------------------------------------------
# Scoping


def test_it_keeps_bob_out_of_markets_rows(login, alice, bob, q3, draft_figure):
    Indicator.objects.filter(code="3.3").update(reporting_bureau=bob.bureau)
    bob_client = login(bob)
    sheet = download(bob_client, q3).active
    assert set(rows_of(sheet)) == {"3.3"}
    assert column_values(sheet, "bureau_code") == {"science"}
    # He puts market's rows into a file and uploads it: every row is refused, nothing saved.
    markets = fill(download(login(alice), q3), **{"2_1": 1, "2_2": 2})
    response = preview(login(bob), q3, as_upload(markets))
    plan = response.context["plan"]
    refused = str(excel.OTHER_BUREAU % {"bureau": alice.bureau})
    assert {e.message for e in plan.errors} == {refused}
    assert len(plan.error_rows) == 3 and plan.changes == []
    confirm(bob_client, q3, response)
    draft_figure.refresh_from_db()
    assert draft_figure.value == Decimal("800")
    assert Figure.objects.count() == 1


def test_it_refuses_every_row_the_office_uploads(login, office, q3, draft_figure):
    client = login(office)
    workbook = fill(download(client, q3), **{"2_1": 5})
    response = preview(client, q3, as_upload(workbook))
    plan = response.context["plan"]
    assert plan.changes == [] and len(plan.error_rows) == len(owed_figures())
    assert str(excel.OFFICE_CANNOT_WRITE % {"bureau": draft_figure.bureau}) in {
        e.message for e in plan.errors
    }
    draft_figure.refresh_from_db()
    assert draft_figure.value == Decimal("800")


def test_it_links_the_template_and_the_import_from_the_todo(alice_client, q3):
    content = alice_client.get(reverse("reporting:todo")).content.decode()
    assert 'class="float-end figures-excel"' in content
    assert "/figures.xlsx" in content and "/import/" in content


def test_it_only_reads_figure_indicators(alice, alice_client, q3):
    assert Indicator.objects.filter(source=IndicatorSource.METRIC).exists()
    code = Indicator.objects.filter(source=IndicatorSource.METRIC).first().code
    workbook = download(alice_client, q3)
    row = add_row(workbook, code, 1)
    plan = excel.parse_figures_upload(as_upload(workbook), q3, alice)
    assert [(e.row, e.message) for e in plan.errors] == [
        (row, str(excel.NOT_A_FIGURE % {"code": code}))
    ]
