"""The workbook: one sheet per section, numbers in numeric cells equal to the report's data,
native charts, frozen headers, print set-up, and text that is never a formula."""

# The shared fixtures (tests/exports/report_data.py) are imported, then named as parameters.
# ruff: noqa: F811

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports.assembly import Column, Section, assemble_report, register_section, unregister_section
from reports.report_xlsx import render_xlsx
from tests.exports.report_data import TODAY, media, pinned_today, report_data  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def workbook(report_data):
    report = assemble_report("2026Q3", today=TODAY)
    return report, load_workbook(io.BytesIO(render_xlsx(report)))


def _rows(sheet):
    return list(sheet.iter_rows(min_row=2))


def test_it_writes_one_sheet_per_section(workbook):
    report, book = workbook
    assert len(book.sheetnames) == 5 + len(
        report.sections
    )  # summary, targets, trends, tasks, completeness


def test_it_writes_every_targets_numbers_as_numbers(workbook):
    report, book = workbook
    sheet = book.worksheets[1]
    rows = {row[0].value: row for row in _rows(sheet)}
    assert set(rows) == {t.code for t in report.targets}
    for target in report.targets:
        row = rows[target.code]
        for cell, expected in (
            (row[5], target.value),
            (row[6], target.target),
            (row[10], target.projected),
        ):
            if expected is None:
                assert cell.value is None
            else:
                assert cell.data_type == "n" and Decimal(str(cell.value)) == expected
        for cell, expected in ((row[7], target.percent), (row[8], target.expected)):
            if expected is not None:
                assert cell.data_type == "n" and cell.number_format == "0.0%"
                assert Decimal(str(cell.value)) * 100 == pytest.approx(expected)
    assert rows["2.1"][5].value == 812.5


def test_it_freezes_and_styles_the_header_and_sets_up_printing(workbook):
    _report, book = workbook
    sheet = book.worksheets[1]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold and sheet["A1"].fill.fgColor.rgb.endswith("1F4E78")
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert sheet.print_title_rows == "$1:$1"
    # Chinese names make the column wider than its header alone would.
    assert sheet.column_dimensions["C"].width >= 14


def test_it_draws_native_line_charts_of_the_trends(workbook):
    report, book = workbook
    trends = book.worksheets[2]
    assert len(trends._charts) == len(report.trends) >= 2
    patents = next(t for t in report.trends if t.code == "2.1")
    values = [c.value for c in trends["B"] if isinstance(c.value, int | float)]
    assert [v for v in patents.values if v is not None] == values[
        : len([v for v in patents.values if v is not None])
    ]


def test_it_writes_task_and_completeness_numbers_as_numbers(workbook):
    report, book = workbook
    tasks = _rows(book.worksheets[3])
    assert [row[0].value for row in tasks] == list(range(1, 20))
    assert tasks[0][6].value == pytest.approx(0.4) and tasks[0][6].number_format == "0.0%"
    completeness = _rows(book.worksheets[4])
    assert [row[1].value for row in completeness[:-1]] == [c.owed for c in report.completeness]
    assert completeness[-1][4].value == pytest.approx(float(report.completeness_rate) / 100)


def test_it_writes_text_that_looks_like_a_formula_as_text(report_data):
    @register_section("test.formulas", order=1)
    def formulas(scope):
        return Section(
            "test.formulas",
            "公式",
            [Column("文字"), Column("金额", "yuan"), Column("万元", "wan_yuan")],
            [
                ['=HYPERLINK("http://evil")', Decimal("12345.60"), Decimal("250000")],
                ["@SUM(A1)", None, None],
            ],
        )

    try:
        report = assemble_report("2026Q3", today=TODAY)
    finally:
        unregister_section("test.formulas")
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = book["公式"]
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == '=HYPERLINK("http://evil")'
    assert sheet["A3"].data_type == "s"
    assert sheet["B2"].value == pytest.approx(12345.6) and "元" in sheet["B2"].number_format
    assert sheet["C2"].value == pytest.approx(25) and "万元" in sheet["C2"].number_format
