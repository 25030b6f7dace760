"""Enterprises and pledge loans by Excel: a template to fill, and an all-or-nothing import.

As for quarterly figures (workflow/excel.py): an upload is checked row by row into an ImportPlan
before anything is written, the plan is shown as a dry run, and `apply_plan` saves every row
through the same service the pages use, in one transaction, or nothing at all. Cells are read
without evaluating anything (spreadsheets.xlsx); text is written back as text.
"""

import copy
import datetime
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, override
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from bureaus.models import Bureau, BureauKind, User
from bureaus.validators import normalise_uscc
from core.demo import mark_workbook
from spreadsheets.xlsx import (
    Column,
    cell_text,
    is_formula,
    parse_number,
    read_rows,
    set_widths,
    write_header,
    write_text,
)

from . import services
from .models import Enterprise, IndustryCluster, IPStatus, Level, LoanStatus, PledgeLoan
from .services import FinanceError

NO_ROWS = gettext_lazy("The workbook contains no rows.")
HAS_ERRORS = gettext_lazy("The file has errors: nothing was saved.")
ROW_REFUSED = gettext_lazy("Row %(row)s: %(message)s Nothing was saved.")
NOT_A_DATE = gettext_lazy("“%(value)s” is not a date: write it like 2026-03-31.")
NOT_YES_NO = gettext_lazy("Write 是 or 否 (yes or no).")
UNKNOWN_CHOICE = gettext_lazy("“%(value)s” is not one of: %(choices)s.")
UNKNOWN_TOWN = gettext_lazy("There is no town or sub-district called “%(value)s”.")
UNKNOWN_CLUSTER = gettext_lazy("There is no industry cluster called “%(value)s”.")
REQUIRED = gettext_lazy("This column must be filled in.")
DUPLICATE = gettext_lazy("“%(value)s” appears more than once (first on row %(first)s).")
KEPT_ELSEWHERE = gettext_lazy(
    "An enterprise with this code is kept by another bureau: ask the office to move it."
)
UNKNOWN_ENTERPRISE = gettext_lazy(
    "Your bureau keeps no enterprise with the code “%(value)s”: register or import it first."
)
LOAN_ELSEWHERE = gettext_lazy("A loan with this registration number is kept by another bureau.")
NOT_A_WRITER = gettext_lazy("Only bureau staff import their bureau's records.")

YES = {"是", "y", "yes", "true", "1", "√"}
NO = {"否", "n", "no", "false", "0", ""}


# ---------------------------------------------------------------------------------------------
# Reading cells


def read_date(cell) -> tuple[datetime.date | None, str | None]:
    value = getattr(cell, "value", None)
    if value is None or value == "":
        return None, None
    if is_formula(cell):
        return None, str(NOT_A_DATE % {"value": cell_text(cell)})
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    text = cell_text(cell).replace("/", "-").replace(".", "-")
    try:
        return datetime.date.fromisoformat(text), None
    except ValueError:
        return None, str(NOT_A_DATE % {"value": cell_text(cell)})


def read_bool(cell) -> tuple[bool, str | None]:
    text = cell_text(cell).lower()
    if text in YES:
        return True, None
    if text in NO:
        return False, None
    return False, str(NOT_YES_NO)


def choice_labels(choices) -> dict[str, str]:
    """Each choice by its value and its label in every language the portal speaks."""
    from django.conf import settings

    labels = {}
    for value, label in choices:
        labels[str(value).lower()] = value
        for code, _name in settings.LANGUAGES:
            with override(code):
                labels[str(label).lower()] = value
    return labels


def read_choice(cell, choices) -> tuple[str, str | None]:
    text = cell_text(cell)
    if not text:
        return "", None
    found = choice_labels(choices).get(text.lower())
    if found is None:
        names = "、".join(str(label) for value, label in choices if value)
        return "", str(UNKNOWN_CHOICE % {"value": text, "choices": names})
    return found, None


# ---------------------------------------------------------------------------------------------
# The plan


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RowChange:
    row: int
    label: str
    record: object
    data: dict
    action: str = "create"  # create / update / unchanged

    def key(self) -> str:
        stamp = getattr(self.record, "updated_at", None)
        return f"{self.row}|{self.label}|{self.record.pk}|{stamp}|{self.action}"


@dataclass
class ImportPlan:
    kind: str
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


def _differs(record, data) -> bool:
    return any(getattr(record, name) != value for name, value in data.items())


class RowReader:
    """Collects one row's values and errors, column by column."""

    def __init__(self, plan: ImportPlan, number: int, cells: dict, columns: dict[str, Column]):
        self.plan, self.row, self.cells, self.columns = plan, number, cells, columns
        self.failed = False

    def error(self, key: str, message) -> None:
        label = self.columns[key].label if key in self.columns else key
        self.plan.errors.append(RowError(self.row, label, str(message)))
        self.failed = True

    def text(self, key: str, required=False) -> str:
        value = cell_text(self.cells.get(key))
        if required and not value:
            self.error(key, REQUIRED)
        return value

    def number(self, key: str, required=False) -> Decimal | None:
        value, problem = parse_number(self.cells.get(key))
        if problem:
            self.error(key, problem)
        elif required and value is None:
            self.error(key, REQUIRED)
        return value

    def date(self, key: str, required=False) -> datetime.date | None:
        value, problem = read_date(self.cells.get(key))
        if problem:
            self.error(key, problem)
        elif required and value is None:
            self.error(key, REQUIRED)
        return value

    def flag(self, key: str) -> bool:
        value, problem = read_bool(self.cells.get(key))
        if problem:
            self.error(key, problem)
        return value

    def choice(self, key: str, choices) -> str:
        value, problem = read_choice(self.cells.get(key), choices)
        if problem:
            self.error(key, problem)
        return value

    def model_errors(self, record, field_to_column: dict[str, str]) -> None:
        """The model's own rules (USCC check character, pledged numbers, dates...)."""
        try:
            record.full_clean(exclude=["bureau"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    self.error(field_to_column.get(name, name), message)


# ---------------------------------------------------------------------------------------------
# Kinds


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    columns: list[Column]
    required: tuple[str, ...]
    parse: Callable
    save: Callable


ENTERPRISE_COLUMNS = [
    Column("name", gettext_noop("Enterprise name"), 30, editable=True),
    Column("uscc", gettext_noop("Unified social credit code"), 22, editable=True),
    Column("town", gettext_noop("Town / sub-district"), 14, editable=True),
    Column("cluster", gettext_noop("Industry cluster"), 26, editable=True),
    Column("is_high_tech", gettext_noop("High-tech enterprise"), 10, editable=True),
    Column("is_above_size", gettext_noop("Above designated size"), 10, editable=True),
    Column("is_listed", gettext_noop("Listed"), 8, editable=True),
    Column("certified_on", gettext_noop("GB/T 29490 certified on"), 14, editable=True),
    Column("valid_until", gettext_noop("Certificate valid until"), 14, editable=True),
    Column("ip_status", gettext_noop("Demonstration / advantage"), 18, editable=True),
    Column("level", gettext_noop("Status level"), 10, editable=True),
    Column("year", gettext_noop("Status year"), 10, editable=True),
    Column("contact", gettext_noop("Contact"), 16, editable=True),
]
ENTERPRISE_FIELDS = {
    "standard_certified_on": "certified_on",
    "standard_valid_until": "valid_until",
    "ip_status_level": "level",
    "ip_status_year": "year",
}


def parse_enterprises(rows, user: User, plan: ImportPlan) -> None:
    columns = {c.key: c for c in ENTERPRISE_COLUMNS}
    towns = {b.name: b for b in Bureau.objects.filter(kind=BureauKind.TOWN)}
    clusters = {c.name: c for c in IndustryCluster.objects.all()}
    codes = [normalise_uscc(cell_text(cells.get("uscc"))) for _n, cells in rows]
    existing = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=codes)}
    first_seen: dict[str, int] = {}
    for number, cells in rows:
        r = RowReader(plan, number, cells, columns)
        name = r.text("name", required=True)
        uscc = normalise_uscc(r.text("uscc", required=True))
        town_name, cluster_name = r.text("town"), r.text("cluster")
        town = towns.get(town_name)
        if town_name and town is None:
            r.error("town", UNKNOWN_TOWN % {"value": town_name})
        cluster = clusters.get(cluster_name)
        if cluster_name and cluster is None:
            r.error("cluster", UNKNOWN_CLUSTER % {"value": cluster_name})
        year = r.number("year")
        data = {
            "name": name,
            "uscc": uscc,
            "town": town,
            "cluster": cluster,
            "is_high_tech": r.flag("is_high_tech"),
            "is_above_size": r.flag("is_above_size"),
            "is_listed": r.flag("is_listed"),
            "standard_certified_on": r.date("certified_on"),
            "standard_valid_until": r.date("valid_until"),
            "ip_status": r.choice("ip_status", IPStatus.choices),
            "ip_status_level": r.choice("level", Level.choices),
            "ip_status_year": int(year) if year is not None else None,
            "contact": r.text("contact"),
        }
        if uscc in first_seen:
            r.error("uscc", DUPLICATE % {"value": uscc, "first": first_seen[uscc]})
            continue
        if uscc:
            first_seen[uscc] = number
        record = existing.get(uscc)
        if record is not None and record.bureau_id != user.bureau_id:
            r.error("uscc", KEPT_ELSEWHERE)
            continue
        if r.failed:
            continue
        candidate = copy.copy(record) if record else Enterprise(bureau_id=user.bureau_id)
        for key, value in data.items():
            setattr(candidate, key, value)
        r.model_errors(candidate, ENTERPRISE_FIELDS)
        if r.failed:
            continue
        change = RowChange(number, f"{name} {uscc}", record or Enterprise(), data)
        if record is not None:
            change.action = "update" if _differs(record, data) else "unchanged"
        plan.changes.append(change)


def save_enterprise(change: RowChange, user: User):
    return services.enterprise_save(enterprise=change.record, user=user, data=change.data)


LOAN_COLUMNS = [
    Column("uscc", gettext_noop("Enterprise's unified social credit code"), 22, editable=True),
    Column("enterprise", gettext_noop("Enterprise name (for reading only)"), 24),
    Column("lender", gettext_noop("Lender bank"), 20, editable=True),
    Column("amount", gettext_noop("Amount (yuan)"), 14, editable=True),
    Column("rate", gettext_noop("Annual rate (%)"), 10, editable=True),
    Column("start_date", gettext_noop("Start date"), 12, editable=True),
    Column("maturity_date", gettext_noop("Maturity date"), 12, editable=True),
    Column("registration_number", gettext_noop("Pledge registration number"), 20, editable=True),
    Column("patent_numbers", gettext_noop("Pledged patents"), 26, editable=True),
    Column("trademark_numbers", gettext_noop("Pledged trademarks"), 18, editable=True),
    Column("status", gettext_noop("Status"), 10, editable=True),
    Column("closed_on", gettext_noop("Repaid or written off on"), 14, editable=True),
    Column("risk_share", gettext_noop("Risk-sharing share (%)"), 10, editable=True),
]


def parse_loans(rows, user: User, plan: ImportPlan) -> None:
    columns = {c.key: c for c in LOAN_COLUMNS}
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(bureau_id=user.bureau_id)}
    numbers = [cell_text(cells.get("registration_number")) for _n, cells in rows]
    existing = {
        loan.registration_number: loan
        for loan in PledgeLoan.objects.filter(registration_number__in=[n for n in numbers if n])
    }
    first_seen: dict[str, int] = {}
    for number, cells in rows:
        r = RowReader(plan, number, cells, columns)
        uscc = normalise_uscc(r.text("uscc", required=True))
        enterprise = enterprises.get(uscc)
        if uscc and enterprise is None:
            r.error("uscc", UNKNOWN_ENTERPRISE % {"value": uscc})
        registration = r.text("registration_number")
        data = {
            "enterprise": enterprise,
            "lender": r.text("lender", required=True),
            "amount": r.number("amount", required=True),
            "rate": r.number("rate", required=True),
            "start_date": r.date("start_date", required=True),
            "maturity_date": r.date("maturity_date", required=True),
            "registration_number": registration,
            "patent_numbers": r.text("patent_numbers"),
            "trademark_numbers": r.text("trademark_numbers"),
            "status": r.choice("status", LoanStatus.choices) or LoanStatus.ACTIVE,
            "closed_on": r.date("closed_on"),
            "risk_share": r.number("risk_share"),
        }
        if registration in first_seen:
            r.error(
                "registration_number",
                DUPLICATE % {"value": registration, "first": first_seen[registration]},
            )
            continue
        if registration:
            first_seen[registration] = number
        record = existing.get(registration) if registration else None
        if record is not None and record.bureau_id != user.bureau_id:
            r.error("registration_number", LOAN_ELSEWHERE)
            continue
        if r.failed:
            continue
        candidate = copy.copy(record) if record else PledgeLoan(bureau_id=user.bureau_id)
        for key, value in data.items():
            setattr(candidate, key, value)
        r.model_errors(candidate, {})
        if r.failed:
            continue
        # What the service will store: the pledged numbers as the model writes them.
        data["patent_numbers"] = candidate.patent_numbers
        data["trademark_numbers"] = candidate.trademark_numbers
        label = f"{enterprise.name} · {data['lender']} · {data['amount']}"
        change = RowChange(number, label, record or PledgeLoan(), data)
        if record is not None:
            change.action = "update" if _differs(record, data) else "unchanged"
        plan.changes.append(change)


def save_loan(change: RowChange, user: User):
    return services.loan_save(loan=change.record, user=user, data=change.data)


KINDS = {
    "enterprises": Kind(
        "enterprises",
        gettext_noop("Enterprises"),
        ENTERPRISE_COLUMNS,
        ("name", "uscc"),
        parse_enterprises,
        save_enterprise,
    ),
    "loans": Kind(
        "loans",
        gettext_noop("Pledge loans"),
        LOAN_COLUMNS,
        ("uscc", "lender", "amount", "start_date"),
        parse_loans,
        save_loan,
    ),
}


def parse_upload(kind: Kind, data: bytes, name: str, user: User) -> ImportPlan:
    """Check every row of an upload (bytes already passed by check_upload)."""
    if not services.may_create(user):
        raise ValidationError(NOT_A_WRITER)
    rows = read_rows(data, name, kind.columns, kind.required)
    if not rows:
        raise ValidationError(NO_ROWS)
    plan = ImportPlan(kind=kind.key)
    kind.parse(rows, user, plan)
    plan.errors.sort(key=lambda e: e.row)
    return plan


@transaction.atomic
def apply_plan(kind: Kind, plan: ImportPlan, user: User) -> list:
    """Save every changed row through the service, or nothing if any row is refused."""
    if plan.errors:
        raise FinanceError(HAS_ERRORS)
    saved = []
    for change in plan.to_save:
        try:
            saved.append(kind.save(change, user))
        except FinanceError as refused:
            # Leaving the atomic block with an exception rolls back the rows saved before it.
            details = " ".join(m for ms in refused.errors.values() for m in ms) or refused.message
            raise FinanceError(
                ROW_REFUSED % {"row": change.row, "message": details}, code=refused.code
            ) from refused
    return saved


def template(kind: Kind) -> bytes:
    """The empty template: the header (in the user's language), hints, lists to choose from."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _(kind.title)[:31]
    widths = write_header(sheet, kind.columns)
    keys = [c.key for c in kind.columns]
    lists = workbook.create_sheet(_("Lists"))
    choices = {"yes_no": ["是", "否"]}
    if kind.key == "enterprises":
        choices["town"] = list(
            Bureau.objects.filter(kind=BureauKind.TOWN).values_list("name", flat=True)
        )
        choices["cluster"] = list(IndustryCluster.objects.values_list("name", flat=True))
        choices["ip_status"] = [str(label) for value, label in IPStatus.choices if value]
        choices["level"] = [str(label) for _value, label in Level.choices]
    else:
        choices["status"] = [str(label) for _value, label in LoanStatus.choices]
    by_key = {c.key: c for c in kind.columns}
    for column_number, (key, values) in enumerate(choices.items(), start=1):
        heading = by_key[key].label if key in by_key else _("Yes / no")
        write_text(lists.cell(row=1, column=column_number), heading)
        for row_number, value in enumerate(values, start=2):
            write_text(lists.cell(row=row_number, column=column_number), value)
        if not values:
            continue
        letter = lists.cell(row=1, column=column_number).column_letter
        source = f"'{lists.title}'!${letter}$2:${letter}${len(values) + 1}"
        targets = ["is_high_tech", "is_above_size", "is_listed"] if key == "yes_no" else [key]
        for target in targets:
            if target not in keys:
                continue
            validation = DataValidation(type="list", formula1=source, allow_blank=True)
            sheet.add_data_validation(validation)
            column_letter = sheet.cell(row=1, column=keys.index(target) + 1).column_letter
            validation.add(f"{column_letter}2:{column_letter}2000")
    set_widths(sheet, kind.columns, widths)
    mark_workbook(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
