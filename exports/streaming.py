"""Excel exports of any length, in bounded memory: rows go one by one into a write-only workbook
in a temporary file, which is then sent (FileResponse) or stored (an ExportJob's file).

openpyxl's write-only mode keeps no rows in memory (each is serialised to a temporary file as it
is appended); the rows come from `QuerySet.iterator()`, so the database cursor is read in chunks
too. Text is written as text: a value starting with = + - @ is never a formula
(spreadsheets.xlsx.write_text).
"""

import datetime
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from spreadsheets import xlsx

XLSX_TYPE = xlsx.XLSX_TYPE
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
NUMBER_FORMAT = "#,##0.####"
MONEY_FORMAT = "#,##0.00"  # for columns whose header names the unit, e.g. "Fine (yuan)"
RATE_FORMAT = "0.00##"  # a rate or share in a column headed "(%)"
PERCENT_FORMAT = '0"%"'


@dataclass(frozen=True)
class ExportColumn:
    """A column of an export: its header, how to read the value from a row, its look."""

    label: Any  # str or lazy translation
    value: Callable[[Any], Any]
    width: int = 14
    number_format: str | None = None


def yes_no(value: bool) -> str:
    """A yes/no column's text (是/否 in Chinese), rather than Excel's TRUE/FALSE."""
    return _("Yes") if value else _("No")


def cell_value(value):
    """What openpyxl can store: local naive datetimes, numbers as numbers, the rest as text."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    return value


def write_rows(
    file: IO[bytes],
    columns: list[ExportColumn],
    rows: Iterable,
    *,
    title: str = "Sheet1",
    on_progress: Callable[[int], None] | None = None,
    every: int = 1000,
) -> int:
    """Write a header and one line per row into `file` (a workbook); return the rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31] or "Sheet1")
    for index, column in enumerate(columns, start=1):
        width = max(column.width, xlsx.display_width(str(column.label)) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = min(width, 60)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet)
        xlsx.write_text(cell, str(column.label))
        cell.font = xlsx.HEADER_FONT
        cell.fill = xlsx.HEADER_FILL
        cell.border = xlsx.BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        cells = []
        for column in columns:
            value = cell_value(column.value(row))
            cell = WriteOnlyCell(sheet)
            if value is None or value == "":
                pass  # an empty cell, not an empty string
            elif isinstance(value, str):
                xlsx.write_text(cell, value)
            else:
                cell.value = value
                if column.number_format and isinstance(value, int | float | Decimal):
                    cell.number_format = column.number_format
                elif isinstance(value, datetime.datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(value, datetime.date):
                    cell.number_format = DATE_FORMAT
            cells.append(cell)
        sheet.append(cells)
        count += 1
        if on_progress and count % every == 0:
            on_progress(count)
    workbook.save(file)
    if on_progress:
        on_progress(count)
    return count


def export_response(
    columns: list[ExportColumn], rows: Iterable, *, title: str, filename: str, fallback: str
) -> FileResponse:
    """The workbook as a download, built in a temporary file that goes away once sent."""
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    write_rows(file, columns, rows, title=title)
    file.seek(0)
    response = FileResponse(file, content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment_header(filename, fallback)
    response["Cache-Control"] = "private, no-store"
    return response


def attachment_header(filename: str, fallback: str) -> str:
    """RFC 6266/5987: an ASCII name for old clients, and the real (Chinese) name as filename*."""
    from workflow.excel_views import attachment_header as header

    return header(filename, fallback)
