"""Excel in and out, safely, for every table the portal exchanges with spreadsheets.

Writing: `write_text` stores text as text, so a cell starting with = + - @ is never a formula in
Excel or WPS; `display_width` sizes columns for Chinese. Reading: `check_upload` accepts only a
macro-free .xlsx of bounded size (zip bombs refused), `read_rows` finds the columns by their
header in any language the portal speaks, and `cell_text`/`parse_number` never evaluate formulas.
"""

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter

from ipcity.numbers import NOT_A_NUMBER, read_number
from spreadsheets.xmltext import xml_safe
from workflow.evidence import MACROS, OOXML_PARTS, detect_type

XLSX_TYPE = OOXML_PARTS["xl/"]
XLSX_CONTENT_TYPE = XLSX_TYPE
MAX_UPLOAD_SIZE = 2 * 1024 * 1024
MAX_UNPACKED_SIZE = 50 * 1024 * 1024
MAX_ROWS = 5000  # rows of the sheet, empty ones included: bounds the work on any upload
FORMULA_PREFIXES = ("=", "+", "-", "@")

NOT_XLSX = gettext_lazy("“%(name)s” is not an Excel workbook (.xlsx). Please upload the template.")
MACRO_WORKBOOK = gettext_lazy("“%(name)s” is a macro-enabled workbook, which is not accepted.")
TOO_LARGE = gettext_lazy("“%(name)s” is too large for an import template.")
UNREADABLE = gettext_lazy("“%(name)s” could not be read as a workbook: it may be damaged.")
MISSING_COLUMN = gettext_lazy(
    "The column “%(column)s” is missing from the first row: please use the downloaded template."
)
TOO_MANY_ROWS = gettext_lazy("The workbook has more than %(max)s rows.")
FORMULA_VALUE = gettext_lazy(
    "Formulas are not accepted (“%(value)s”): please enter the number itself."
)
TOO_MANY_DECIMALS = gettext_lazy("At most 4 decimal places are allowed.")
TOO_BIG = gettext_lazy("The number is too large.")


@dataclass(frozen=True)
class Column:
    key: str
    source: str  # the header in English; translated when a template is made
    width: int
    editable: bool = False
    hidden: bool = False

    @property
    def label(self) -> str:
        return _(self.source)

    def labels(self) -> set[str]:
        """The header in every language the portal speaks, so anyone's template is read back."""
        labels = {self.source}
        for code, _name in settings.LANGUAGES:
            with override(code):
                labels.add(_(self.source))
        return labels


HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
EDITABLE_FILL = PatternFill("solid", fgColor="FFF9DB")
LOCKED_FONT = Font(color="808080")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)


def display_width(text: str) -> int:
    """Columns as Excel counts them: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_text(cell, value) -> None:
    """Put text in a cell as a string Excel and WPS will show, never run, even if it starts with =.

    openpyxl turns a string starting with "=" into a formula; forcing the type back to "s" writes
    it as an inline string. quotePrefix is Excel's leading apostrophe: it keeps the cell text if
    the user edits it.
    """
    text = xml_safe(str(value))[:32000]
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def write_header(sheet, columns) -> dict[str, int]:
    """A styled, frozen header row; returns each column's width so far, to grow with the data."""
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        write_text(cell, column.label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[1].height = 24
    sheet.freeze_panes = "A2"
    return {c.key: max(c.width, display_width(str(c.label)) + 2) for c in columns}


def set_widths(sheet, columns, widths: dict[str, int]) -> None:
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = min(widths[column.key], 60)
        dimension.hidden = column.hidden


def check_upload(upload, *, max_size: int = MAX_UPLOAD_SIZE) -> bytes:
    """The upload's bytes if it is a macro-free .xlsx of reasonable size; ValidationError if not."""
    name = upload.name or "upload"
    if name.lower().endswith((".xlsm", ".xltm", ".xlam")):
        raise ValidationError(MACRO_WORKBOOK % {"name": name})
    if upload.size > max_size:
        raise ValidationError(TOO_LARGE % {"name": name})
    # By content: a zip holding an Excel workbook, with no VBA project (zip bombs refused there).
    try:
        mime = detect_type(upload)
    except ValidationError as error:
        if str(MACROS % {"name": name}) in error.messages:
            raise ValidationError(MACRO_WORKBOOK % {"name": name}) from error
        raise ValidationError(NOT_XLSX % {"name": name}) from error
    if mime != XLSX_TYPE:
        raise ValidationError(NOT_XLSX % {"name": name})
    upload.seek(0)
    data = upload.read()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(e.file_size for e in archive.infolist()) > MAX_UNPACKED_SIZE:
            raise ValidationError(UNREADABLE % {"name": name})
        content_types = archive.read("[Content_Types].xml")
    if b"macroEnabled" in content_types:
        raise ValidationError(MACRO_WORKBOOK % {"name": name})
    return data


def is_formula(cell) -> bool:
    return getattr(cell, "data_type", None) == "f"


def cell_text(cell) -> str:
    """Whatever the cell holds, as text: formulas as their source, never their result."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if is_formula(cell) and not isinstance(value, str):
        value = getattr(value, "text", "") or ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_number(cell) -> tuple[Decimal | None, str | None]:
    """A cell's number and no error, or None and the error; numeric text is read as a number."""
    value = getattr(cell, "value", None)
    if is_formula(cell):
        return None, FORMULA_VALUE % {"value": cell_text(cell)}
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, NOT_A_NUMBER % {"value": value}
    if isinstance(value, int | float | Decimal):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None, NOT_A_NUMBER % {"value": value}
    elif isinstance(value, str):
        try:
            number = read_number(value)
        except ValidationError as error:
            return None, error.messages[0]
    else:  # dates, times
        return None, NOT_A_NUMBER % {"value": value}
    if not number.is_finite():
        return None, NOT_A_NUMBER % {"value": value}
    if abs(number) >= Decimal(10) ** 14:  # the column holds 18 digits, 4 after the point
        return None, TOO_BIG
    if number != number.quantize(Decimal("0.0001")):
        return None, TOO_MANY_DECIMALS
    return number, None


def read_rows(data: bytes, name: str, columns, required=()):
    """(row number, {column key: cell}) for each non-empty row below the header row."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ValidationError(UNREADABLE % {"name": name}) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows()
        header = next(rows, ())
        labels = {column.key: column.labels() for column in columns}
        positions = {}
        for index, cell in enumerate(header):
            text = cell_text(cell)
            for column in columns:
                if column.key not in positions and text in labels[column.key]:
                    positions[column.key] = index
        by_key = {column.key: column for column in columns}
        for key in required:
            if key not in positions:
                label = by_key[key].label
                raise ValidationError(MISSING_COLUMN % {"column": label})
        result = []
        for number, cells in enumerate(rows, start=2):
            if number > MAX_ROWS:
                raise ValidationError(TOO_MANY_ROWS % {"max": MAX_ROWS})
            # Every found column has a key; a cell past a short row's end is None.
            found = {k: cells[i] if i < len(cells) else None for k, i in positions.items()}
            if all(getattr(c, "value", None) in (None, "") for c in found.values()):
                continue
            result.append((number, found))
        return result
    except ValidationError:
        raise
    except Exception as error:
        raise ValidationError(UNREADABLE % {"name": name}) from error
    finally:
        workbook.close()
