"""Every write to the finance registers goes through here: pages, API, imports and the demo alike.

Who may write: staff of the bureau that keeps the record (a new record is kept by the writer's
bureau). The office writes the over-spending notes on budget lines; leaders change nothing.
Each function validates the whole record (the model's rules) and refuses with a FinanceError,
whose `code` the API maps to a status and whose `errors` map fields to messages.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from bureaus.models import Role, User
from bureaus.validators import normalise_uscc
from core.versioning import claim_version
from ipcity.money import MoneySum

from .models import (
    BudgetLine,
    Enterprise,
    InsurancePolicy,
    InterestSubsidy,
    PledgeLoan,
    Spending,
    SubsidyPolicy,
)


class FinanceError(Exception):
    """A refused write. `code`: forbidden / invalid / not_found; `errors` maps fields."""

    def __init__(self, message, *, code: str = "invalid", errors: Mapping | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
        self.errors = {k: [str(m) for m in v] for k, v in dict(errors or {}).items()}


# Messages as constants, so tests assert against the text users read.
NOT_YOURS = gettext_lazy("Only staff of the bureau that keeps this record can change it.")
OFFICE_ONLY = gettext_lazy("Only the leading-group office can do this.")
INVALID = gettext_lazy("Please correct the marked fields.")
NOT_VISIBLE = gettext_lazy("Choose one of your bureau's records.")
NO_POLICY = gettext_lazy("There is no interest-subsidy policy for %(year)s: ask the office.")
OVER_INTEREST = gettext_lazy(
    "The subsidy cannot exceed %(limit)s yuan: %(share)s%% of the %(interest)s yuan of interest "
    "actually due on the loan for this period."
)
OVER_CAP = gettext_lazy(
    "The subsidy cannot exceed %(limit)s yuan: the %(year)s cap of %(cap)s yuan per enterprise, "
    "less %(granted)s yuan already granted to this enterprise."
)
PAID_OVER_APPROVED = gettext_lazy("The paid amount cannot exceed the approved amount.")
APPROVED_MISSING = gettext_lazy("A subsidy is approved before it is paid.")
DATE_MISSING = gettext_lazy("Give the date.")
PERIOD_ORDER = gettext_lazy("The interest period must end after it starts.")
PERIOD_OUTSIDE_LOAN = gettext_lazy("The interest period cannot start before the loan.")
OVERSPEND_NEEDS_NOTE = gettext_lazy(
    "This would bring spending to %(spent)s yuan, over the %(allocated)s yuan allocated: "
    "the office must first note why over-spending is allowed."
)
NOTE_REQUIRED = gettext_lazy("Please write the note.")


def may_edit(user: User, bureau_id: int | None) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.STAFF
        and user.bureau_id is not None
        and user.bureau_id == bureau_id
    )


def may_create(user: User) -> bool:
    return may_edit(user, user.bureau_id)


def _check_writer(user: User, record) -> None:
    bureau_id = record.bureau_id if record.pk else user.bureau_id
    if not may_edit(user, bureau_id):
        raise FinanceError(NOT_YOURS, code="forbidden")


def _validated_save(record, *, user: User, data: Mapping, version: int | None, exclude=()) -> None:
    claim_version(record, version, error=FinanceError)
    for name, value in data.items():
        setattr(record, name, value)
    record.updated_by = user
    record._history_user = user  # the change history's user on every path, request or not
    try:
        record.full_clean(exclude=list(exclude))
    except ValidationError as error:
        raise FinanceError(INVALID, errors=error.message_dict) from error
    record.save()


@transaction.atomic
def enterprise_save(
    *, enterprise: Enterprise, user: User, data: Mapping, version: int | None = None
) -> Enterprise:
    _check_writer(user, enterprise)
    if not enterprise.pk:
        enterprise.bureau_id = user.bureau_id
    data = dict(data)
    if "uscc" in data:
        data["uscc"] = normalise_uscc(data["uscc"])
    _validated_save(enterprise, user=user, data=data, version=version)
    return enterprise


def _check_enterprise(user: User, enterprise: Enterprise | None) -> None:
    """A loan or a policy is recorded for an enterprise the writer's bureau keeps."""
    if enterprise is not None and enterprise.bureau_id != user.bureau_id:
        raise FinanceError(INVALID, errors={"enterprise": [NOT_VISIBLE]})


@transaction.atomic
def loan_save(
    *, loan: PledgeLoan, user: User, data: Mapping, version: int | None = None
) -> PledgeLoan:
    _check_writer(user, loan)
    if not loan.pk:
        loan.bureau_id = user.bureau_id
    _check_enterprise(user, data.get("enterprise"))
    _validated_save(loan, user=user, data=data, version=version)
    return loan


@transaction.atomic
def insurance_save(
    *, policy: InsurancePolicy, user: User, data: Mapping, version: int | None = None
) -> InsurancePolicy:
    _check_writer(user, policy)
    if not policy.pk:
        policy.bureau_id = user.bureau_id
    _check_enterprise(user, data.get("enterprise"))
    _validated_save(policy, user=user, data=data, version=version)
    return policy


# ---------------------------------------------------------------------------------------------
# Interest subsidies: the one place their limits are enforced


def policy_for(day: datetime.date) -> SubsidyPolicy | None:
    return SubsidyPolicy.objects.filter(year=day.year).first()


def subsidy_limit(subsidy: InterestSubsidy) -> tuple[Decimal, str]:
    """The most this subsidy may be, and the message that explains it when exceeded.

    It is the smaller of the policy's share of the interest actually due on the loan for the
    interest period, and what remains of the enterprise's yearly cap once its other subsidies
    under the same policy are counted (approved amounts, or applied ones not yet approved).
    """
    loan, policy = subsidy.loan, subsidy.policy
    interest = loan.interest_due(subsidy.interest_from, subsidy.interest_to)
    by_interest = (interest * policy.share / Decimal(100)).quantize(Decimal("0.01"))
    others = (
        InterestSubsidy.objects.filter(loan__enterprise_id=loan.enterprise_id, policy=policy)
        .exclude(pk=subsidy.pk)
        .exclude(approved_amount__isnull=True)
        .aggregate(total=MoneySum("approved_amount"))["total"]
    )
    by_cap = max(policy.cap_per_enterprise - others, Decimal("0"))
    if by_interest <= by_cap:
        message = OVER_INTEREST % {
            "limit": by_interest,
            "share": policy.share.normalize(),
            "interest": interest,
        }
        return by_interest, message
    message = OVER_CAP % {
        "limit": by_cap,
        "year": policy.year,
        "cap": policy.cap_per_enterprise,
        "granted": others,
    }
    return by_cap, message


@transaction.atomic
def subsidy_save(
    *, subsidy: InterestSubsidy, user: User, data: Mapping, version: int | None = None
) -> InterestSubsidy:
    """Record or change a subsidy: never more than the interest due, nor the cap."""
    loan = data.get("loan") or subsidy.loan
    if not may_edit(user, loan.bureau_id):
        raise FinanceError(NOT_YOURS, code="forbidden")
    # Lock the enterprise's row so two subsidies for it cannot both take the last of its cap.
    Enterprise.objects.select_for_update().filter(pk=loan.enterprise_id).first()
    claim_version(subsidy, version, error=FinanceError)
    for name, value in data.items():
        setattr(subsidy, name, value)
    subsidy.loan = loan
    subsidy.updated_by = user
    subsidy._history_user = user
    errors: dict[str, list] = {}
    if subsidy.interest_from and subsidy.interest_to:
        if subsidy.interest_to < subsidy.interest_from:
            errors["interest_to"] = [PERIOD_ORDER]
        elif subsidy.interest_from < loan.start_date:
            errors["interest_from"] = [PERIOD_OUTSIDE_LOAN]
        else:
            # The policy of the year the interest period starts in applies.
            policy = policy_for(subsidy.interest_from)
            if policy is None:
                errors["interest_from"] = [NO_POLICY % {"year": subsidy.interest_from.year}]
            else:
                subsidy.policy = policy
    if subsidy.paid_amount is not None:
        if subsidy.approved_amount is None:
            errors.setdefault("paid_amount", []).append(APPROVED_MISSING)
        elif subsidy.paid_amount > subsidy.approved_amount:
            errors.setdefault("paid_amount", []).append(PAID_OVER_APPROVED)
        if not subsidy.paid_on:
            errors.setdefault("paid_on", []).append(DATE_MISSING)
    if subsidy.approved_amount is not None and not subsidy.approved_on:
        errors.setdefault("approved_on", []).append(DATE_MISSING)
    try:
        subsidy.full_clean(exclude=[*errors, "policy"] if errors else ["policy"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise FinanceError(INVALID, errors=errors)
    limit, message = subsidy_limit(subsidy)
    for field in ("approved_amount", "paid_amount"):
        value = getattr(subsidy, field)
        if value is not None and value > limit:
            errors[field] = [message]
    if errors:
        raise FinanceError(INVALID, errors=errors)
    subsidy.save()
    return subsidy


# ---------------------------------------------------------------------------------------------
# Programme funding


def line_spent(line: BudgetLine) -> Decimal:
    return line.spending.aggregate(total=MoneySum("amount"))["total"]


@transaction.atomic
def spending_save(*, spending: Spending, user: User, data: Mapping) -> Spending:
    """Record a payment; spending past the allocation needs the office's note first."""
    line = data.get("budget_line") or spending.budget_line
    if not may_edit(user, line.bureau_id):
        raise FinanceError(NOT_YOURS, code="forbidden")
    line = BudgetLine.objects.select_for_update().get(pk=line.pk)
    for name, value in data.items():
        setattr(spending, name, value)
    spending.budget_line = line
    spending.updated_by = user
    spending._history_user = user
    try:
        spending.full_clean()
    except ValidationError as error:
        raise FinanceError(INVALID, errors=error.message_dict) from error
    others = line.spending.exclude(pk=spending.pk).aggregate(total=MoneySum("amount"))["total"]
    total = others + spending.amount
    if total > line.allocated and not line.overspend_note.strip():
        message = OVERSPEND_NEEDS_NOTE % {"spent": total, "allocated": line.allocated}
        raise FinanceError(message, errors={"amount": [message]})
    spending.save()
    return spending


@transaction.atomic
def budget_note(*, line: BudgetLine, user: User, note: str) -> BudgetLine:
    """The office allows a line to be over-spent, saying why."""
    if not (user.is_active and user.role == Role.OFFICE):
        raise FinanceError(OFFICE_ONLY, code="forbidden")
    note = (note or "").strip()
    if not note:
        raise FinanceError(NOTE_REQUIRED, errors={"overspend_note": [NOTE_REQUIRED]})
    line.overspend_note = note
    line.overspend_noted_by = user
    line._history_user = user
    line.save(update_fields=["overspend_note", "overspend_noted_by", "updated_at"])
    return line
