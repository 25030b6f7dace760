"""Cases in Excel: the columns, the import template and the all-or-nothing import.

The export of a filtered list (these columns, streamed) is declared in list_exports.py.

The import checks every row into an ImportPlan before anything is written (the preview), and
`apply_plan` registers every row through services.case_create in one transaction, or none.
"""

import datetime
import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, override
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bureaus.models import Bureau, BureauKind, User
from core.demo import mark_workbook
from spreadsheets.xlsx import (
    BORDER,
    EDITABLE_FILL,
    UNLOCKED,
    Column,
    cell_text,
    check_upload,
    parse_number,
    read_rows,
    set_widths,
    write_header,
    write_text,
)
from workflow.services import WorkflowError

from .models import Campaign, Case, CaseStatus, IPType, Proceeding, Source
from .services import DUPLICATE_NUMBER, case_create, imported_step_errors

NO_ROWS = gettext_lazy("The workbook contains no cases.")
REQUIRED = gettext_lazy("This column must be filled in.")
UNKNOWN_CHOICE = gettext_lazy("“%(value)s” is not one of: %(choices)s.")
NOT_A_DATE = gettext_lazy("“%(value)s” is not a date: please write it like 2026-03-31.")
NOT_YES_NO = gettext_lazy("“%(value)s” is not yes or no (是/否).")
UNKNOWN_TOWN = gettext_lazy("There is no town or sub-district called “%(value)s”.")
UNKNOWN_CAMPAIGN = gettext_lazy("There is no campaign called “%(value)s”.")
DUPLICATE_ROW = gettext_lazy("The case number “%(number)s” appears twice (first on row %(first)s).")
NEGATIVE = gettext_lazy("Amounts cannot be negative.")
NO_TRANSFER_IMPORT = gettext_lazy(
    "Transferred cases cannot be imported: import the case, then transfer it on its page."
)
HAS_ERRORS = gettext_lazy("The file has errors: nothing was saved.")
ROW_REFUSED = gettext_lazy("Row %(row)s: %(message)s Nothing was saved.")

COLUMNS = [
    Column("number", gettext_noop("Case number"), 18, editable=True),
    Column("title", gettext_noop("Case name"), 28, editable=True),
    Column("ip_type", gettext_noop("IP type"), 10, editable=True),
    Column("proceeding", gettext_noop("Proceeding"), 10, editable=True),
    Column("source", gettext_noop("Case source"), 12, editable=True),
    Column("status", gettext_noop("Status"), 10, editable=True),
    Column("bureau", gettext_noop("Handling bureau"), 16),
    Column("town", gettext_noop("Town"), 10, editable=True),
    Column("respondent_name", gettext_noop("Respondent"), 24, editable=True),
    Column("respondent_is_company", gettext_noop("Respondent is a company"), 8, editable=True),
    Column("respondent_uscc", gettext_noop("Unified social credit code"), 22, editable=True),
    Column("respondent_id_number", gettext_noop("Respondent's ID number"), 22, editable=True),
    Column("right_holder", gettext_noop("Right holder"), 20, editable=True),
    Column("filed_on", gettext_noop("Filed on"), 12, editable=True),
    Column("decided_on", gettext_noop("Decided on"), 12, editable=True),
    Column("closed_on", gettext_noop("Closed on"), 12, editable=True),
    Column("illegal_gains", gettext_noop("Illegal gains (yuan)"), 12, editable=True),
    Column("fine", gettext_noop("Fine (yuan)"), 12, editable=True),
    Column("confiscation", gettext_noop("Confiscation (yuan)"), 12, editable=True),
    Column("damages", gettext_noop("Damages awarded (yuan)"), 12, editable=True),
    Column("punitive_damages", gettext_noop("Punitive damages"), 8, editable=True),
    Column("goods_seized", gettext_noop("Goods seized"), 16, editable=True),
    Column("campaign", gettext_noop("Campaign"), 18, editable=True),
    Column("joint_enforcement", gettext_noop("Joint enforcement"), 8, editable=True),
    Column(
        "credit_flag", gettext_noop("Abnormal application or bad-faith filing"), 10, editable=True
    ),
    Column("summary", gettext_noop("Case summary"), 30, editable=True),
]
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
IMPORT_COLUMNS = [c for c in COLUMNS if c.key != "bureau"]
REQUIRED_COLUMNS = (
    "number",
    "title",
    "ip_type",
    "proceeding",
    "source",
    "respondent_name",
    "filed_on",
)
CHOICES = {"ip_type": IPType, "proceeding": Proceeding, "source": Source, "status": CaseStatus}
BOOLEANS = ("respondent_is_company", "punitive_damages", "joint_enforcement", "credit_flag")
AMOUNTS = ("illegal_gains", "fine", "confiscation", "damages")
DATES = ("filed_on", "decided_on", "closed_on")
YES = {"是", "yes", "y", "true", "1", "√"}
NO = {"否", "no", "n", "false", "0", ""}


def cases_template(bureau: Bureau) -> bytes:
    """An empty cases template with drop-down lists for the coded columns."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Cases")
    widths = write_header(sheet, IMPORT_COLUMNS)
    lists = {
        **{key: [label for _v, label in enum.choices] for key, enum in CHOICES.items()},
        **{key: [_("Yes"), _("No")] for key in BOOLEANS},
        "town": list(Bureau.objects.filter(kind=BureauKind.TOWN).values_list("name", flat=True)),
    }
    # The drop-downs' lists live on a second sheet, so long Chinese labels fit Excel's limits.
    lists_sheet = workbook.create_sheet(_("Lists"))
    for index, column in enumerate(IMPORT_COLUMNS, start=1):
        letter = get_column_letter(index)
        for row in range(2, 202):
            cell = sheet[f"{letter}{row}"]
            cell.protection = UNLOCKED
            cell.fill = EDITABLE_FILL
            cell.border = BORDER
            if column.key in DATES:
                cell.number_format = "yyyy-mm-dd"
            elif column.key in ("number", "respondent_uscc", "respondent_id_number"):
                cell.number_format = "@"
        values = lists.get(column.key)
        if values:
            for row, value in enumerate(values, start=1):
                write_text(lists_sheet.cell(row=row, column=index), value)
            validation = DataValidation(
                type="list",
                formula1=f"'{lists_sheet.title}'!${letter}$1:${letter}${len(values)}",
                allow_blank=True,
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}201")
    lists_sheet.sheet_state = "hidden"
    set_widths(sheet, IMPORT_COLUMNS, widths)
    workbook.properties.title = _("Cases of %(bureau)s") % {"bureau": bureau.name}
    mark_workbook(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# The import


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RowCase:
    row: int
    data: dict

    def key(self) -> str:
        return f"{self.row}|{self.data['number']}"


@dataclass
class ImportPlan:
    rows: list[RowCase] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors})

    def fingerprint(self) -> str:
        return hashlib.sha256("\n".join(r.key() for r in self.rows).encode()).hexdigest()[:16]


def _choice_lookup(enum) -> dict[str, str]:
    """Value by every way of writing it: the code, and the label in every language."""
    lookup = {}
    for value, _label in enum.choices:
        lookup[value.lower()] = value
        for code in ("zh-hans", "en"):
            with override(code):
                lookup[str(enum(value).label).lower()] = value
    return lookup


def _parse_date(cell):
    value = getattr(cell, "value", None)
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    text = cell_text(cell)
    if not text:
        return None, None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"):
        try:
            return datetime.datetime.strptime(text, fmt).date(), None
        except ValueError:
            continue
    return None, NOT_A_DATE % {"value": text}


def parse_cases_upload(data: bytes, name: str, user: User) -> ImportPlan:
    """Check every row; raise ValidationError if the file as a whole is unusable."""
    rows = read_rows(data, name, IMPORT_COLUMNS, REQUIRED_COLUMNS)
    if not rows:
        raise ValidationError(NO_ROWS)
    lookups = {key: _choice_lookup(enum) for key, enum in CHOICES.items()}
    towns = {}
    for town in Bureau.objects.filter(kind=BureauKind.TOWN):
        towns[town.name] = towns[town.code] = town
    campaigns = {c.name: c for c in Campaign.objects.all()}
    numbers = [cell_text(cells.get("number")) for _n, cells in rows]
    taken = set(Case.objects.filter(number__in=numbers).values_list("number", flat=True))
    plan = ImportPlan()
    first_seen: dict[str, int] = {}

    for number, cells in rows:
        errors: list[tuple[str, str]] = []
        data = {}
        for key in (
            "number",
            "title",
            "respondent_name",
            "respondent_uscc",
            "respondent_id_number",
            "right_holder",
            "goods_seized",
            "summary",
        ):
            data[key] = cell_text(cells.get(key)) if key in cells else ""
        for key in REQUIRED_COLUMNS:
            if key in data and not data[key]:
                errors.append((key, str(REQUIRED)))
        for key, lookup in lookups.items():
            text = cell_text(cells.get(key))
            if not text:
                if key != "status":
                    errors.append((key, str(REQUIRED)))
                continue
            value = lookup.get(text.lower())
            if value is None:
                choices = "、".join(str(label) for _v, label in CHOICES[key].choices)
                errors.append((key, UNKNOWN_CHOICE % {"value": text, "choices": choices}))
            else:
                data[key] = value
        if data.get("status") == CaseStatus.TRANSFERRED:
            errors.append(("status", str(NO_TRANSFER_IMPORT)))
        for key in BOOLEANS:
            text = cell_text(cells.get(key)).lower()
            if text in YES:
                data[key] = True
            elif not text:
                data[key] = key == "respondent_is_company"  # a company unless told otherwise
            elif text in NO:
                data[key] = False
            else:
                errors.append((key, NOT_YES_NO % {"value": cell_text(cells.get(key))}))
        for key in DATES:
            day, error = _parse_date(cells.get(key))
            if error:
                errors.append((key, error))
            elif day is None and key == "filed_on":
                errors.append((key, str(REQUIRED)))
            else:
                data[key] = day
        for key in AMOUNTS:
            value, error = parse_number(cells.get(key))
            if error:
                errors.append((key, str(error)))
            elif value is not None and value < 0:
                errors.append((key, str(NEGATIVE)))
            else:
                data[key] = (value or Decimal("0")).quantize(Decimal("0.01"))
        town = cell_text(cells.get("town"))
        if town:
            if town in towns:
                data["town"] = towns[town]
            else:
                errors.append(("town", UNKNOWN_TOWN % {"value": town}))
        campaign = cell_text(cells.get("campaign"))
        if campaign:
            if campaign in campaigns:
                data["campaign"] = campaigns[campaign]
            else:
                errors.append(("campaign", UNKNOWN_CAMPAIGN % {"value": campaign}))
        case_number = data["number"]
        if case_number:
            if case_number in first_seen:
                errors.append(
                    (
                        "number",
                        DUPLICATE_ROW % {"number": case_number, "first": first_seen[case_number]},
                    )
                )
            else:
                first_seen[case_number] = number
                if case_number in taken:
                    errors.append(("number", DUPLICATE_NUMBER % {"number": case_number}))
        if not errors:
            errors = _model_errors(data, user) + imported_step_errors(data)
        for key, message in errors:
            column = COLUMN_BY_KEY.get(key)
            plan.errors.append(RowError(number, column.label if column else "", str(message)))
        if not errors:
            plan.rows.append(RowCase(number, data))
    plan.errors.sort(key=lambda e: e.row)
    return plan


def _model_errors(data: dict, user: User) -> list[tuple[str, str]]:
    """The model's own rules (USCC check character, dates in order), as for a typed-in case."""
    case = Case(bureau_id=user.bureau_id, created_by=user)
    for key, value in data.items():
        setattr(case, key, value)
    try:
        case.full_clean(exclude=["bureau", "created_by"], validate_unique=False)
    except ValidationError as error:
        return [(key, m) for key, messages in error.message_dict.items() for m in messages]
    return []


@transaction.atomic
def apply_plan(plan: ImportPlan, user: User) -> list[Case]:
    """Register every row, or nothing if any row is bad or any registration is refused."""
    if plan.errors:
        raise WorkflowError(HAS_ERRORS)
    saved = []
    for row in plan.rows:
        try:
            saved.append(case_create(user=user, data=row.data, imported=True))
        except WorkflowError as refused:
            raise WorkflowError(
                ROW_REFUSED % {"row": row.row, "message": refused.message}, code=refused.code
            ) from refused
    return saved


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


__all__ = ["check_upload", "cases_template", "parse_cases_upload", "apply_plan"]
