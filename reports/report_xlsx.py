"""The assessment report as an Excel workbook (openpyxl): one sheet per section.

Numbers are stored as numbers with number formats (yuan, 万元, %, dates), never as text; text is
written with spreadsheets.xlsx.write_text, so nothing becomes a formula. Each table sheet has a
frozen, styled header row that repeats on every printed page (A4 landscape, fit to width), and
the trends sheet holds native Excel line charts over its own cells.
"""

import datetime
import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Font

from core.demo import mark_workbook
from spreadsheets import xlsx

from .assembly import Column, Report, Section

INT_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
YUAN_FORMAT = '#,##0.00" 元"'
WAN_YUAN_FORMAT = '#,##0.00" 万元"'
DATE_FORMAT = "yyyy-mm-dd"
TITLE_FONT = Font(bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")
CHART_ROWS = 16  # rows a trend block takes, so the charts do not overlap


def _number_format(value) -> str:
    return INT_FORMAT if Decimal(value) == Decimal(value).to_integral_value() else DECIMAL_FORMAT


def put(sheet, row: int, column: int, value, kind: str = "auto"):
    """One cell: numbers as numbers with a format by kind, text as text, None left empty."""
    cell = sheet.cell(row=row, column=column)
    if value is None or value == "":
        return cell
    if kind == "percent":  # a value in per cent (62.5) stored as the fraction Excel formats
        cell.value = Decimal(value) / 100
        cell.number_format = PERCENT_FORMAT
    elif kind == "yuan":
        cell.value = Decimal(value)
        cell.number_format = YUAN_FORMAT
    elif kind == "wan_yuan":
        cell.value = Decimal(value) / 10000
        cell.number_format = WAN_YUAN_FORMAT
    elif kind == "int":
        cell.value = int(value)
        cell.number_format = INT_FORMAT
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        xlsx.write_text(cell, value)
    else:
        cell.value = value
        cell.number_format = _number_format(value)
    return cell


def sheet_title(workbook: Workbook, title: str) -> str:
    """A valid, unused sheet name: at most 31 characters, none of []:*?/\\."""
    base = re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:28] or "Sheet"
    name, n = base, 2
    while name in workbook.sheetnames:
        name, n = f"{base} {n}", n + 1
    return name


def _table_sheet(workbook: Workbook, title: str, columns: list[Column], rows: list[list]):
    """A sheet with a frozen header row and one line per row, set up for printing."""
    sheet = workbook.create_sheet(sheet_title(workbook, title))
    header = [xlsx.Column(f"c{i}", str(c.label), c.width) for i, c in enumerate(columns)]
    widths = xlsx.write_header(sheet, header)
    for r, row in enumerate(rows, start=2):
        for c, (value, column) in enumerate(zip(row, columns, strict=False), start=1):
            cell = put(sheet, r, c, value, column.kind)
            cell.border = xlsx.BORDER
            if isinstance(value, str):
                key = header[c - 1].key
                widths[key] = max(widths[key], min(xlsx.display_width(value) + 2, 60))
    xlsx.set_widths(sheet, header, widths)
    _print_setup(sheet, title_rows="1:1")
    return sheet


def _print_setup(sheet, *, title_rows: str | None = None) -> None:
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows


def _summary_sheet(workbook: Workbook, report: Report) -> None:
    sheet = workbook.active
    sheet.title = sheet_title(workbook, pgettext("assessment report", "Summary"))
    put(sheet, 1, 1, report.full_title).font = TITLE_FONT
    lines = [
        (_("District"), report.district),
        (_("Period covered"), report.period_label),
        (_("From"), report.start),
        (_("To"), report.end),
        (_("Generated on"), report.generated_on),
        (_("Data version"), report.data_version),
    ]
    for r, (label, value) in enumerate(lines, start=3):
        put(sheet, r, 1, label).font = Font(bold=True)
        put(sheet, r, 2, value, "int" if label == _("Data version") else "auto")
    row = len(lines) + 4
    if report.defaults_note:  # R4.3: what is still the portal's default
        put(sheet, row, 1, report.defaults_note).font = Font(italic=True, color="9C5700")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        row += 2
    cell = put(sheet, row, 1, report.summary)
    cell.alignment = WRAP
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
    sheet.row_dimensions[row].height = 75
    row += 2
    for label, count in report.status_counts.items():
        put(sheet, row, 1, label).font = Font(bold=True)
        put(sheet, row, 2, count, "int")
        row += 1
    row += 1
    for headline in report.headlines:
        put(sheet, row, 1, headline.label).font = Font(bold=True)
        put(sheet, row, 2, headline.value)
        row += 1
    sheet.column_dimensions["A"].width = 24
    for letter in "BCDEF":
        sheet.column_dimensions[letter].width = 18
    _print_setup(sheet)


def _targets_sheet(workbook: Workbook, report: Report) -> None:
    columns = [
        Column(_("Code"), "text", 8),
        Column(_("Target area"), "text", 20),
        Column(_("Target"), "text", 30),
        Column(_("Goal"), "text", 14),
        Column(_("Unit"), "text", 6),
        Column(_("Value"), "number", 12),
        Column(_("Target value"), "number", 12),
        Column(_("Done, percent"), "percent", 10),
        Column(_("Expected, percent"), "percent", 10),
        Column(_("Status"), "text", 10),
        Column(_("Projected"), "number", 12),
    ]
    rows = [
        [
            t.code,
            t.area,
            t.name,
            t.target_display,
            t.unit,
            t.value,
            t.target,
            t.percent,
            t.expected,
            t.status_label,
            t.projected,
        ]
        for t in report.targets
    ]
    _table_sheet(workbook, _("Targets"), columns, rows)


def _trends_sheet(workbook: Workbook, report: Report) -> None:
    """A block per indicator (quarter, value, expected, target) with a line chart beside it."""
    sheet = workbook.create_sheet(sheet_title(workbook, _("Trends")))
    labels = [_("Quarter"), _("Value"), _("Expected"), _("Target")]
    row = 1
    for trend in report.trends:
        unit = f"（{trend.unit}）" if trend.unit else ""
        put(sheet, row, 1, f"{trend.code} {trend.name}{unit}").font = Font(bold=True)
        header_row = row + 1
        for c, label in enumerate(labels, start=1):
            cell = put(sheet, header_row, c, label)
            cell.font = xlsx.HEADER_FONT
            cell.fill = xlsx.HEADER_FILL
        for i, label in enumerate(trend.labels):
            r = header_row + 1 + i
            put(sheet, r, 1, label)
            put(sheet, r, 2, trend.values[i])
            put(sheet, r, 3, trend.expected[i])
            put(sheet, r, 4, trend.target)
        last = header_row + len(trend.labels)
        chart = LineChart()
        chart.title = f"{trend.code} {trend.name}"
        chart.y_axis.title = trend.unit or None
        chart.height, chart.width = 7, 16
        data = Reference(sheet, min_col=2, max_col=4, min_row=header_row, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last))
        chart.series[1].graphicalProperties.line.dashStyle = "dash"
        chart.series[2].graphicalProperties.line.dashStyle = "sysDot"
        sheet.add_chart(chart, f"F{row}")
        row += max(len(trend.labels) + 3, CHART_ROWS)
    sheet.column_dimensions["A"].width = 12
    for letter in "BCD":
        sheet.column_dimensions[letter].width = 12
    _print_setup(sheet)


def _tasks_sheet(workbook: Workbook, report: Report) -> None:
    columns = [
        Column(_("No."), "int", 6),
        Column(_("Task group"), "text", 24),
        Column(_("Key task"), "text", 30),
        Column(_("Lead bureau"), "text", 20),
        Column(_("Co-operating bureaus"), "text", 30),
        Column(_("Last status"), "text", 10),
        Column(_("Complete, percent"), "percent", 10),
    ]
    rows = [
        [
            t.number,
            t.group,
            t.title,
            t.lead,
            "、".join(t.cooperating),
            t.status_label,
            t.percent_complete,
        ]
        for t in report.tasks
    ]
    _table_sheet(workbook, _("Key tasks"), columns, rows)


def _completeness_sheet(workbook: Workbook, report: Report) -> None:
    columns = [
        Column(_("Bureau"), "text", 24),
        Column(_("Owed"), "int", 8),
        Column(_("Submitted"), "int", 8),
        Column(_("Submitted on time (items)"), "int", 8),
        Column(_("Completeness"), "percent", 10),
        Column(_("On-time rate"), "percent", 10),
    ]
    rows = [
        [c.bureau, c.owed, c.submitted, c.on_time, c.completeness_rate, c.on_time_rate]
        for c in report.completeness
    ]
    rows.append(
        [
            _("All bureaus"),
            sum(c.owed for c in report.completeness),
            sum(c.submitted for c in report.completeness),
            sum(c.on_time for c in report.completeness),
            report.completeness_rate,
            report.on_time_rate,
        ]
    )
    sheet = _table_sheet(workbook, _("Completeness"), columns, rows)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _section_sheet(workbook: Workbook, section: Section) -> None:
    sheet = _table_sheet(workbook, section.title, section.columns, section.rows)
    if section.note:
        put(sheet, sheet.max_row + 2, 1, section.note).font = Font(italic=True, color="666666")


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    _summary_sheet(workbook, report)
    _targets_sheet(workbook, report)
    if report.trends:
        _trends_sheet(workbook, report)
    _tasks_sheet(workbook, report)
    _completeness_sheet(workbook, report)
    for section in report.sections:
        _section_sheet(workbook, section)
    mark_workbook(workbook)
    workbook.properties.title = f"{report.full_title} {report.period_label}"
    workbook.properties.creator = report.district
    # Fixed timestamps: the same data gives the same workbook.
    moment = datetime.datetime.combine(report.generated_on, datetime.time())
    workbook.properties.created = workbook.properties.modified = moment
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
