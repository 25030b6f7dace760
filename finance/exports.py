"""Excel exports of the filtered lists, written row by row (openpyxl write-only mode) into a
temporary file that the response streams. Text is always written as text (spreadsheets.xlsx
`write_text`), so a name starting with "=" is never a formula in Excel or WPS."""

import tempfile
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment

from spreadsheets.xlsx import (
    BORDER,
    HEADER_FILL,
    HEADER_FONT,
    Column,
    display_width,
    set_widths,
    write_text,
)

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"


def _header(sheet, columns):
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet)
        write_text(cell, column.label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cells.append(cell)
    return cells


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet)
    if value is None or value == "":
        return cell
    if isinstance(value, bool):
        write_text(cell, _("Yes") if value else _("No"))
    elif isinstance(value, Decimal | int | float):
        cell.value = value
        if isinstance(value, Decimal):
            cell.number_format = MONEY_FORMAT
    elif hasattr(value, "isoformat"):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        write_text(cell, value)
    return cell


def write_workbook(title: str, columns: list[Column], rows) -> tempfile.SpooledTemporaryFile:
    """A workbook of one sheet: styled header, then `rows` (iterables of values), streamed."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    widths = {c.key: max(c.width, display_width(c.label) + 2) for c in columns}
    set_widths(sheet, columns, widths)  # widths before rows: write-only sheets need it
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, columns))
    for values in rows:
        sheet.append([_cell(sheet, v) for v in values])
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - closed by the response
    workbook.save(out)
    out.seek(0)
    return out


ENTERPRISE_COLUMNS = [
    Column("name", gettext_noop("Enterprise"), 30),
    Column("uscc", gettext_noop("Unified social credit code"), 22),
    Column("town", gettext_noop("Town / sub-district"), 12),
    Column("cluster", gettext_noop("Industry cluster"), 24),
    Column("high_tech", gettext_noop("High-tech"), 8),
    Column("above_size", gettext_noop("Above designated size"), 8),
    Column("listed", gettext_noop("Listed"), 8),
    Column("certified_on", gettext_noop("Certified on"), 12),
    Column("valid_until", gettext_noop("Valid until"), 12),
    Column("status", gettext_noop("Demonstration / advantage"), 16),
    Column("level", gettext_noop("Level"), 8),
    Column("year", gettext_noop("Year"), 8),
    Column("keeper", gettext_noop("Kept by"), 16),
]


def export_enterprises(queryset):
    rows = (
        [
            e.name,
            e.uscc,
            e.town.name if e.town else "",
            e.cluster.name if e.cluster else "",
            e.is_high_tech,
            e.is_above_size,
            e.is_listed,
            e.standard_certified_on,
            e.standard_valid_until,
            e.get_ip_status_display() if e.ip_status else "",
            e.get_ip_status_level_display() if e.ip_status_level else "",
            e.ip_status_year,
            e.bureau.name,
        ]
        for e in queryset.iterator(chunk_size=500)
    )
    return write_workbook(_("Enterprises"), ENTERPRISE_COLUMNS, rows)


LOAN_COLUMNS = [
    Column("enterprise", gettext_noop("Enterprise"), 30),
    Column("uscc", gettext_noop("Unified social credit code"), 22),
    Column("lender", gettext_noop("Lender bank"), 20),
    Column("amount", gettext_noop("Amount (yuan)"), 16),
    Column("rate", gettext_noop("Annual rate (%)"), 10),
    Column("start", gettext_noop("Start date"), 12),
    Column("maturity", gettext_noop("Maturity date"), 12),
    Column("status", gettext_noop("Status"), 10),
    Column("closed", gettext_noop("Repaid or written off on"), 12),
    Column("registration", gettext_noop("Pledge registration number"), 20),
    Column("patents", gettext_noop("Pledged patents"), 24),
    Column("trademarks", gettext_noop("Pledged trademarks"), 16),
    Column("risk_share", gettext_noop("Risk-sharing share (%)"), 10),
    Column("keeper", gettext_noop("Kept by"), 16),
]


def export_loans(queryset):
    rows = (
        [
            loan.enterprise.name,
            loan.enterprise.uscc,
            loan.lender,
            loan.amount,
            loan.rate,
            loan.start_date,
            loan.maturity_date,
            loan.get_status_display(),
            loan.closed_on,
            loan.registration_number,
            "、".join(loan.patent_list),
            "、".join(loan.trademark_list),
            loan.risk_share,
            loan.bureau.name,
        ]
        for loan in queryset.iterator(chunk_size=500)
    )
    return write_workbook(_("Pledge loans"), LOAN_COLUMNS, rows)


INSURANCE_COLUMNS = [
    Column("enterprise", gettext_noop("Insured enterprise"), 30),
    Column("uscc", gettext_noop("Unified social credit code"), 22),
    Column("kind", gettext_noop("Type"), 16),
    Column("insurer", gettext_noop("Insurer"), 20),
    Column("number", gettext_noop("Policy number"), 18),
    Column("premium", gettext_noop("Premium (yuan)"), 14),
    Column("coverage", gettext_noop("Coverage (yuan)"), 16),
    Column("starts", gettext_noop("Starts on"), 12),
    Column("ends", gettext_noop("Ends on"), 12),
    Column("keeper", gettext_noop("Kept by"), 16),
]


def export_insurance(queryset):
    rows = (
        [
            p.enterprise.name,
            p.enterprise.uscc,
            p.get_kind_display(),
            p.insurer,
            p.policy_number,
            p.premium,
            p.coverage,
            p.starts_on,
            p.ends_on,
            p.bureau.name,
        ]
        for p in queryset.iterator(chunk_size=500)
    )
    return write_workbook(_("IP insurance"), INSURANCE_COLUMNS, rows)
