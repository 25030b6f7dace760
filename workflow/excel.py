"""Quarterly figures as an Excel round trip: a template to fill, and an all-or-nothing import.

The template holds only the rows a bureau owes (every bureau's for the office), with its current
values. An upload is checked row by row into an ImportPlan before anything is written; the plan is
shown as a dry run, and `apply_plan` saves every changed row as a draft through the workflow's
`save_draft`, in one transaction, or nothing at all.

Text that looks like a formula (= + - @) is written as a plain string (never as a formula) and read
back as text: the import opens workbooks without evaluating anything and refuses formulas where a
number is expected.
"""

import base64
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, override
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bureaus.models import Bureau, User
from targets.models import Figure, Indicator, Period
from targets.validation import WHOLE_NUMBER_UNITS, value_errors

from . import selectors
from .evidence import MACROS, OOXML_PARTS, detect_type
from .kinds import FIGURE, owed_figures
from .models import EDITABLE_STATES, SubmissionState
from .services import LOCKED, NOT_EDITABLE, WorkflowError, is_owner, save_draft

XLSX_TYPE = OOXML_PARTS["xl/"]
# A figures template is a few kB; the cap keeps a pending upload small enough to hold in the
# session between the preview and the confirmation.
MAX_UPLOAD_SIZE = 2 * 1024 * 1024
MAX_UNPACKED_SIZE = 50 * 1024 * 1024
MAX_ROWS = 5000  # rows of the sheet, empty ones included: bounds the work on any upload
FORMULA_PREFIXES = ("=", "+", "-", "@")

# Messages as constants, so tests assert against the text users read.
NOT_XLSX = gettext_lazy("“%(name)s” is not an Excel workbook (.xlsx). Please upload the template.")
MACRO_WORKBOOK = gettext_lazy("“%(name)s” is a macro-enabled workbook, which is not accepted.")
TOO_LARGE = gettext_lazy("“%(name)s” is larger than 2 MB: this is not a figures template.")
UNREADABLE = gettext_lazy("“%(name)s” could not be read as a workbook: it may be damaged.")
MISSING_COLUMN = gettext_lazy(
    "The column “%(column)s” is missing from the first row: please use the downloaded template."
)
TOO_MANY_ROWS = gettext_lazy("The workbook has more than %(max)s rows.")
NO_ROWS = gettext_lazy("The workbook contains no rows of figures.")
CODE_MISSING = gettext_lazy("The indicator code is missing.")
UNKNOWN_INDICATOR = gettext_lazy("There is no indicator with the code “%(code)s”.")
NOT_A_FIGURE = gettext_lazy("Indicator “%(code)s” is not reported as a figure by bureaus.")
UNKNOWN_BUREAU = gettext_lazy("There is no bureau with the code “%(code)s”.")
NOT_OWED = gettext_lazy("%(bureau)s does not report indicator “%(code)s”.")
OFFICE_CANNOT_WRITE = gettext_lazy(
    "The office cannot fill in figures: only staff of %(bureau)s can import this row."
)
OTHER_BUREAU = gettext_lazy(
    "This row belongs to %(bureau)s: you can only import your own bureau's figures."
)
DUPLICATE = gettext_lazy("Indicator “%(code)s” appears more than once (first on row %(first)s).")
WRONG_PERIOD = gettext_lazy(
    "This row comes from the template for %(found)s, not %(period)s: "
    "please use this period's template."
)
NOT_A_NUMBER = gettext_lazy("“%(value)s” is not a number: please enter digits only, e.g. 100.")
FORMULA_VALUE = gettext_lazy(
    "Formulas are not accepted (“%(value)s”): please enter the number itself."
)
TOO_MANY_DECIMALS = gettext_lazy("At most 4 decimal places are allowed.")
TOO_BIG = gettext_lazy("The number is too large.")
HAS_ERRORS = gettext_lazy("The file has errors: nothing was saved.")
ROW_REFUSED = gettext_lazy("Row %(row)s: %(message)s Nothing was saved.")


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


COLUMNS = [
    Column("code", gettext_noop("Indicator code"), 10),
    Column("name", gettext_noop("Indicator name"), 30),
    Column("unit", gettext_noop("Unit"), 8),
    Column("bureau_code", gettext_noop("Bureau code"), 12),
    Column("bureau", gettext_noop("Reporting bureau"), 20),
    Column("value", gettext_noop("Value"), 14, editable=True),
    Column("note", gettext_noop("Note"), 30, editable=True),
    Column("explanation", gettext_noop("Explanation"), 30, editable=True),
    Column("state", gettext_noop("State"), 10),
    # Hidden: which period the rows were downloaded for, so last quarter's file is refused.
    Column("period", gettext_noop("Period"), 10, hidden=True),
]
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED_COLUMNS = ("code", "value")


# ---------------------------------------------------------------------------------------------
# The template


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
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:32000]
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def _plain_number(value: Decimal | None):
    return None if value is None else Decimal(f"{value.normalize():f}")


def _figure_rows(period: Period, bureau: Bureau | None):
    rows = [
        r for r in selectors.rows_for(period, bureau.pk if bureau else None) if r.kind is FIGURE
    ]
    return sorted(rows, key=lambda r: (r.bureau.order, r.bureau.pk))


def figures_template(period: Period, bureau: Bureau | None) -> bytes:
    """An .xlsx of the figures a bureau owes for the period (every bureau's when bureau is None)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(period)
    workbook.properties.title = _("Figures for %(period)s") % {"period": period}

    widths = {c.key: max(c.width, display_width(str(c.label)) + 2) for c in COLUMNS}
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        write_text(cell, column.label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[1].height = 24
    sheet.freeze_panes = "A2"

    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
    decimal = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    for validation, prompt in (
        (whole, _("A whole number, 0 or more.")),
        (decimal, _("A number, 0 or more.")),
    ):
        validation.allow_blank = True
        validation.showErrorMessage = True
        validation.showInputMessage = True
        validation.errorTitle = _("Invalid value")
        validation.error = prompt
        validation.prompt = prompt
        sheet.add_data_validation(validation)

    value_column = [c.key for c in COLUMNS].index("value") + 1
    for row_number, row in enumerate(_figure_rows(period, bureau), start=2):
        indicator, figure = row.subject, row.item
        editable = figure is None or figure.state in EDITABLE_STATES
        values = {
            "code": indicator.code,
            "name": indicator.name,
            "unit": indicator.unit,
            "bureau_code": row.bureau.code,
            "bureau": row.bureau.name,
            "value": _plain_number(figure.value) if figure else None,
            "note": figure.note if figure else "",
            "explanation": figure.explanation if figure else "",
            "state": figure.get_state_display() if figure else _("Not started"),
            "period": str(period),
        }
        for index, column in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=row_number, column=index)
            value = values[column.key]
            if isinstance(value, Decimal):
                cell.value = value
            elif value not in (None, ""):
                write_text(cell, value)
            cell.border = BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=column.key in ("note", "name"))
            if column.key in ("code", "bureau_code"):
                cell.number_format = "@"  # keeps codes like 3.10 text when retyped
            if column.editable and editable:
                cell.protection = UNLOCKED
                cell.fill = EDITABLE_FILL
            elif column.editable:
                cell.font = LOCKED_FONT
            if isinstance(value, str):
                widths[column.key] = max(widths[column.key], display_width(value) + 2)
        if editable:
            target = whole if indicator.unit in WHOLE_NUMBER_UNITS else decimal
            target.add(sheet.cell(row=row_number, column=value_column).coordinate)

    for index, column in enumerate(COLUMNS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = min(widths[column.key], 60)
        dimension.hidden = column.hidden

    # Protection guards the layout against slips, not against a determined user (Excel's sheet
    # password is no secret): the import checks every row whatever the file says.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # still let people widen columns
    sheet.protection.formatRows = False

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# The import


@dataclass
class RowChange:
    row: int
    indicator: Indicator
    bureau: Bureau
    figure: Figure | None
    value: Decimal | None
    note: str
    explanation: str
    action: str  # "create", "update" or "unchanged"

    @property
    def old_value(self) -> Decimal | None:
        return self.figure.value if self.figure else None

    @property
    def changed_fields(self) -> list[str]:
        if self.figure is None:
            old = {"value": None, "note": "", "explanation": ""}
        else:
            old = {n: getattr(self.figure, n) for n in ("value", "note", "explanation")}
        new = {"value": self.value, "note": self.note, "explanation": self.explanation}
        return [name for name in new if _differs(old[name], new[name])]

    def key(self) -> str:
        """What the preview showed for this row, to notice if it changed before confirming."""
        version = self.figure.version if self.figure else 0
        return f"{self.row}|{self.indicator.code}|{self.bureau.code}|{version}|{self.action}"


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportPlan:
    period: Period
    changes: list[RowChange] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def to_save(self) -> list[RowChange]:
        return [c for c in self.changes if c.action != "unchanged"]

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def fingerprint(self) -> str:
        text = "\n".join(c.key() for c in self.changes)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _differs(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old != new if (old is not None and new is not None) else old is not new
    # Browsers send CRLF, an xlsx read back gives LF: the same text either way.
    return _plain_text(old) != _plain_text(new)


def _plain_text(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def check_upload(upload) -> bytes:
    """The upload's bytes if it is a macro-free .xlsx of reasonable size; ValidationError if not."""
    name = upload.name or "upload"
    if name.lower().endswith((".xlsm", ".xltm", ".xlam")):
        raise ValidationError(MACRO_WORKBOOK % {"name": name})
    if upload.size > MAX_UPLOAD_SIZE:
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


def _is_formula(cell) -> bool:
    return getattr(cell, "data_type", None) == "f"


def _text(cell) -> str:
    """Whatever the cell holds, as text: formulas as their source, never their result."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if _is_formula(cell) and not isinstance(value, str):
        value = getattr(value, "text", "") or ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_number(cell) -> tuple[Decimal | None, str | None]:
    """A cell's number and no error, or None and the error; numeric text is read as a number."""
    value = getattr(cell, "value", None)
    if _is_formula(cell):
        return None, FORMULA_VALUE % {"value": _text(cell)}
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
        text = unicodedata.normalize("NFKC", value).strip().replace(",", "").replace(" ", "")
        if not NUMBER.match(text):
            return None, NOT_A_NUMBER % {"value": value.strip()}
        number = Decimal(text)
    else:  # dates, times
        return None, NOT_A_NUMBER % {"value": value}
    if not number.is_finite():
        return None, NOT_A_NUMBER % {"value": value}
    if abs(number) >= Decimal(10) ** 14:  # the column holds 18 digits, 4 after the point
        return None, TOO_BIG
    if number != number.quantize(Decimal("0.0001")):
        return None, TOO_MANY_DECIMALS
    return number, None


def _read_rows(data: bytes, name: str):
    """(row number, {column key: cell}) for each non-empty row below the header."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ValidationError(UNREADABLE % {"name": name}) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows()
        header = next(rows, ())
        labels = {column.key: column.labels() for column in COLUMNS}
        positions = {}
        for index, cell in enumerate(header):
            text = _text(cell)
            for column in COLUMNS:
                if column.key not in positions and text in labels[column.key]:
                    positions[column.key] = index
        for key in REQUIRED_COLUMNS:
            if key not in positions:
                label = COLUMN_BY_KEY[key].label
                raise ValidationError(MISSING_COLUMN % {"column": label})
        result = []
        for number, cells in enumerate(rows, start=2):
            if number > MAX_ROWS:
                raise ValidationError(TOO_MANY_ROWS % {"max": MAX_ROWS})
            # Every found column has a key; a cell past a short row's end is None.
            by_key = {k: cells[i] if i < len(cells) else None for k, i in positions.items()}
            if all(getattr(c, "value", None) in (None, "") for c in by_key.values()):
                continue
            result.append((number, by_key))
        return result
    except ValidationError:
        raise
    except Exception as error:
        raise ValidationError(UNREADABLE % {"name": name}) from error
    finally:
        workbook.close()


def parse_figures_upload(file, period: Period, user: User) -> ImportPlan:
    """Check every row of an uploaded template; raise ValidationError if the file is unusable.

    `file` is an uploaded file or the bytes of one already checked by `check_upload`.
    """
    if isinstance(file, bytes):
        data, name = file, "upload.xlsx"
    else:
        data, name = check_upload(file), file.name
    rows = _read_rows(data, name)
    if not rows:
        raise ValidationError(NO_ROWS)

    owed = {(i.code, b.code): (i, b) for i, b in owed_figures()}
    owed_codes = {code for code, _bureau in owed}
    known_codes = set(Indicator.objects.values_list("code", flat=True))
    bureaus = {b.code: b for b in Bureau.objects.all()}
    figures = {
        (f.indicator_id, f.bureau_id): f
        for f in Figure.objects.filter(period=period).select_related("indicator", "bureau")
    }
    plan = ImportPlan(period=period)
    first_seen: dict[tuple, int] = {}

    def error(row, key, message):
        plan.errors.append(RowError(row, COLUMN_BY_KEY[key].label, str(message)))

    for number, cells in rows:
        errors_before = len(plan.errors)
        code = _text(cells.get("code"))
        bureau_code = _text(cells.get("bureau_code"))
        found_period = _text(cells.get("period"))
        value, value_error = parse_number(cells.get("value"))
        # A text column left out of the file keeps what is stored (None until the figure is known).
        note = _text(cells["note"]) if "note" in cells else None
        explanation = _text(cells["explanation"]) if "explanation" in cells else None

        if found_period and found_period != str(period):
            error(number, "period", WRONG_PERIOD % {"found": found_period, "period": period})
        indicator = bureau = None
        if not code:
            error(number, "code", CODE_MISSING)
        elif code not in known_codes:
            error(number, "code", UNKNOWN_INDICATOR % {"code": code})
        elif code not in owed_codes:
            error(number, "code", NOT_A_FIGURE % {"code": code})
        else:
            if not bureau_code:  # each indicator has one reporting bureau
                bureau_code = next(b for c, b in owed if c == code)
            if bureau_code not in bureaus:
                error(number, "bureau_code", UNKNOWN_BUREAU % {"code": bureau_code})
            elif (code, bureau_code) not in owed:
                error(number, "code", NOT_OWED % {"bureau": bureaus[bureau_code], "code": code})
            else:
                indicator, bureau = owed[(code, bureau_code)]

        # Who may write comes before anything that would reveal the stored values.
        if bureau is not None and not _may_write(user, bureau):
            message = OFFICE_CANNOT_WRITE if user.sees_all_bureaus else OTHER_BUREAU
            error(number, "bureau_code", message % {"bureau": bureau})
            continue
        if indicator is not None:
            key = (indicator.pk, bureau.pk)
            if key in first_seen:
                error(number, "code", DUPLICATE % {"code": code, "first": first_seen[key]})
                continue
            first_seen[key] = number
        if value_error:
            error(number, "value", value_error)
        elif indicator is not None:
            for message in value_errors(indicator, value):
                error(number, "value", message)
        if indicator is None or len(plan.errors) > errors_before:
            continue

        figure = figures.get((indicator.pk, bureau.pk))
        if note is None:
            note = figure.note if figure else ""
        if explanation is None:
            explanation = figure.explanation if figure else ""
        change = RowChange(number, indicator, bureau, figure, value, note, explanation, "")
        if not change.changed_fields:
            change.action = "unchanged"
        elif figure is None:
            change.action = "create"
        elif figure.state == SubmissionState.APPROVED:
            error(number, "value", LOCKED)
            continue
        elif figure.state not in EDITABLE_STATES:
            error(number, "value", NOT_EDITABLE)
            continue
        else:
            change.action = "update"
        plan.changes.append(change)
    plan.errors.sort(key=lambda e: e.row)
    return plan


def _may_write(user: User, bureau: Bureau) -> bool:
    return is_owner(user, Figure(bureau=bureau))


@transaction.atomic
def apply_plan(plan: ImportPlan, user: User) -> list[Figure]:
    """Save every changed row as a draft, or nothing if any row is bad or any save is refused."""
    if plan.errors:
        raise WorkflowError(HAS_ERRORS)
    saved = []
    for change in plan.to_save:
        figure = change.figure or Figure(
            indicator=change.indicator, bureau=change.bureau, period=plan.period
        )
        data = {"value": change.value, "note": change.note, "explanation": change.explanation}
        version = change.figure.version if change.figure else None
        try:
            save_draft(figure, user=user, data=data, version=version)
        except WorkflowError as refused:
            # Leaving the atomic block with an exception rolls back the rows saved before it.
            raise WorkflowError(
                ROW_REFUSED % {"row": change.row, "message": refused.message}, code=refused.code
            ) from refused
        saved.append(figure)
    return saved


def encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decode(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
