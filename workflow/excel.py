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
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation

from bureaus.models import Bureau, User
from core.demo import mark_workbook
from crypto.envelope import open_sealed, seal
from spreadsheets.xlsx import (
    BORDER,
    EDITABLE_FILL,
    LOCKED_FONT,
    UNLOCKED,
    Column,
    cell_text,
    check_upload,
    display_width,
    parse_number,
    read_rows,
    set_widths,
    write_header,
    write_text,
)
from targets.models import Figure, Indicator, Period
from targets.validation import WHOLE_NUMBER_UNITS, value_errors

from . import selectors
from .kinds import FIGURE, owed_figures
from .models import EDITABLE_STATES, SubmissionState
from .services import LOCKED, NOT_EDITABLE, WorkflowError, is_owner, save_draft

# Messages as constants, so tests assert against the text users read.
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
HAS_ERRORS = gettext_lazy("The file has errors: nothing was saved.")
ROW_REFUSED = gettext_lazy("Row %(row)s: %(message)s Nothing was saved.")


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

    widths = write_header(sheet, COLUMNS)

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

    set_widths(sheet, COLUMNS, widths)

    # Protection guards the layout against slips, not against a determined user (Excel's sheet
    # password is no secret): the import checks every row whatever the file says.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # still let people widen columns
    sheet.protection.formatRows = False
    mark_workbook(workbook)

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


def parse_figures_upload(file, period: Period, user: User) -> ImportPlan:
    """Check every row of an uploaded template; raise ValidationError if the file is unusable.

    `file` is an uploaded file or the bytes of one already checked by `check_upload`.
    """
    if isinstance(file, bytes):
        data, name = file, "upload.xlsx"
    else:
        data, name = check_upload(file), file.name
    rows = read_rows(data, name, COLUMNS, REQUIRED_COLUMNS)
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
        code = cell_text(cells.get("code"))
        bureau_code = cell_text(cells.get("bureau_code"))
        found_period = cell_text(cells.get("period"))
        value, value_error = parse_number(cells.get("value"))
        # A text column left out of the file keeps what is stored (None until the figure is known).
        note = cell_text(cells["note"]) if "note" in cells else None
        explanation = cell_text(cells["explanation"]) if "explanation" in cells else None

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
    """An upload as it waits in the session for its confirmation: sealed (SM4-GCM), since the
    session is a database row and the file may hold personal data (names, ID numbers)."""
    return seal(base64.b64encode(data).decode("ascii"))


def decode(text: str) -> bytes:
    return base64.b64decode(open_sealed(text).encode("ascii"))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
