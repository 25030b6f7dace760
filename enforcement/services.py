"""Every write to the case register goes through here: pages, API, imports and the demo alike.

Each function checks who may act and from which status, writes the case and its CaseStep in one
transaction, and raises WorkflowError (the reporting workflow's refusal, so the API maps it to the
same statuses) with one of the messages below.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureaus.models import Bureau, Role, User
from core.versioning import claim_version
from notifications.services import notify_bureau
from workflow.services import WorkflowError

from .models import (
    Case,
    CaseAttachment,
    CaseStatus,
    CaseStep,
    StepKind,
    Transfer,
    TransferStatus,
)

Status = CaseStatus

# Messages as constants, so tests assert against the same text users read.
NOT_HANDLER = gettext_lazy("Only staff of the bureau handling this case can change it.")
STAFF_ONLY = gettext_lazy("Only bureau staff can register cases.")
ILLEGAL = gettext_lazy("A case cannot go from “%(from)s” to “%(to)s”.")
CLOSED = gettext_lazy("This case is closed: add a correcting step if something was wrong.")
NOTE_REQUIRED = gettext_lazy("Please describe the step.")
REASON_REQUIRED = gettext_lazy("Please give the reason for the transfer.")
SAME_BUREAU = gettext_lazy("A case cannot be transferred to the bureau already handling it.")
ALREADY_TRANSFERRED = gettext_lazy("This case has already been transferred.")
NOT_RECEIVER = gettext_lazy("Only staff of the receiving bureau can accept this transfer.")
ALREADY_ACCEPTED = gettext_lazy("This transfer has already been accepted.")
DUPLICATE_NUMBER = gettext_lazy("A case with the number “%(number)s” already exists.")
DECISION_DATE_REQUIRED = gettext_lazy("Give the date of the decision.")
NOT_IN_CASE = gettext_lazy("The corrected step must belong to the same case.")
FUTURE_DATE = gettext_lazy("The date cannot be in the future.")
STEP_DATE_RANGE = gettext_lazy("The date must lie between the filing date (%(filed)s) and today.")
STEP_DATE_ONLY = gettext_lazy(
    "This date is set by the case's status step: record the step instead of editing the date."
)
FILED_AFTER_STEP = gettext_lazy("The filing date cannot be after the case's first step (%(day)s).")
IMPORT_DATE_REQUIRED = gettext_lazy("A case imported as “%(status)s” needs this date.")
IMPORT_DATE_UNREACHED = gettext_lazy("A case imported as “%(status)s” has not reached this step.")
IMPORT_DATES_ORDER = gettext_lazy("The case cannot close before its decision.")

# The one table of the status flow: status → the statuses it may go to next.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.FILED: (Status.INVESTIGATING, Status.TRANSFERRED),
    Status.INVESTIGATING: (Status.LEGAL_REVIEW, Status.TRANSFERRED, Status.CLOSED),
    # Legal review (法制审核) may send a case back for more investigation.
    Status.LEGAL_REVIEW: (Status.DECIDED, Status.INVESTIGATING),
    Status.DECIDED: (Status.PUBLICISED,),
    Status.PUBLICISED: (Status.CLOSED,),
    # The receiving agency's outcome closes a transferred case.
    Status.TRANSFERRED: (Status.CLOSED,),
    Status.CLOSED: (),
}

# Fields the case form, the API and the import may write; the status, the dates of the flow and
# who registered it are the services' own.
CASE_FIELDS = [
    "number",
    "title",
    "ip_type",
    "proceeding",
    "source",
    "town",
    "respondent_name",
    "respondent_is_company",
    "respondent_uscc",
    "respondent_id_number",
    "right_holder",
    "filed_on",
    "illegal_gains",
    "fine",
    "confiscation",
    "damages",
    "punitive_damages",
    "goods_seized",
    "campaign",
    "joint_enforcement",
    "credit_flag",
    "summary",
]


# The case dates that only a status step sets (R8.4): field → the status whose step dates it.
STEP_DATES: dict[str, str] = {"decided_on": Status.DECIDED, "closed_on": Status.CLOSED}
# The imported statuses that have passed through the decision step.
DECIDED_STATUSES = (Status.DECIDED, Status.PUBLICISED)


def next_statuses(case: Case) -> list[str]:
    return list(TRANSITIONS[case.status])


def handling_bureau_ids(case: Case) -> set[int]:
    """The bureaus whose staff may write: the handler, and the receiver of an accepted transfer."""
    ids = {case.bureau_id}
    for transfer in case.transfers.all():
        if transfer.status == TransferStatus.ACCEPTED:
            ids.add(transfer.to_bureau_id)
    return ids


def may_handle(user: User, case: Case) -> bool:
    if not (user.is_active and user.role == Role.STAFF and user.bureau_id):
        return False
    if case.pk is None:
        return user.bureau_id == case.bureau_id
    return user.bureau_id in handling_bureau_ids(case)


def may_register(user: User) -> bool:
    return user.is_active and user.role == Role.STAFF and user.bureau_id is not None


def _locked(case: Case, user: User) -> Case:
    """The case, locked; its change history names `user` whichever path (page, API, import,
    command, task) made the change, with or without a request."""
    current = Case.objects.select_for_update().get(pk=case.pk)
    current._history_user = user
    return current


def _full_clean(case: Case) -> None:
    try:
        case.full_clean(validate_unique=False)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {}
        raise WorkflowError(" ".join(error.messages), errors=errors) from error


def _step(case, *, user, kind, happened_on=None, note="", from_status="", to_status="", **extra):
    return CaseStep.objects.create(
        case=case,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        happened_on=happened_on or timezone.localdate(),
        note=note,
        user=user,
        bureau_id=user.bureau_id,
        **extra,
    )


def _step_day(case: Case, day: datetime.date | None) -> datetime.date:
    """A step's date (today when not given), refused unless between filing and today (R8.4)."""
    day = day or timezone.localdate()
    if not case.filed_on <= day <= timezone.localdate():
        message = STEP_DATE_RANGE % {"filed": case.filed_on.isoformat()}
        raise WorkflowError(message, errors={"happened_on": [message]})
    return day


def _date_case(case: Case, to_status: str, day: datetime.date) -> None:
    """The one writer of a case's step dates: the step that reaches the status dates it."""
    for name, status in STEP_DATES.items():
        if to_status == status:
            setattr(case, name, day)


def imported_step_errors(data: Mapping) -> list[tuple[str, str]]:
    """What is wrong with an imported case's step dates (its "Decided on" / "Closed on"
    columns), as (field, message): each is required once the status has reached its step,
    refused before it, and lies between the filing date and today (R8.4)."""
    status = data.get("status") or Status.FILED
    label = Status(status).label
    required = {"decided_on": status in DECIDED_STATUSES, "closed_on": status == Status.CLOSED}
    # A closed case may have been decided on the way (or closed after investigation).
    allowed = {**required, "decided_on": required["decided_on"] or status == Status.CLOSED}
    filed = data.get("filed_on")
    errors = []
    for name in STEP_DATES:
        day = data.get(name)
        if day is None:
            if required[name]:
                errors.append((name, IMPORT_DATE_REQUIRED % {"status": label}))
        elif not allowed[name]:
            errors.append((name, IMPORT_DATE_UNREACHED % {"status": label}))
        elif filed and not filed <= day <= timezone.localdate():
            errors.append((name, STEP_DATE_RANGE % {"filed": filed.isoformat()}))
    decided, closed = data.get("decided_on"), data.get("closed_on")
    if not errors and decided and closed and closed < decided:
        errors.append(("closed_on", IMPORT_DATES_ORDER))
    return [(name, str(message)) for name, message in errors]


def _refuse_future_filing(case: Case) -> None:
    if case.filed_on and case.filed_on > timezone.localdate():
        raise WorkflowError(FUTURE_DATE, errors={"filed_on": [FUTURE_DATE]})


@transaction.atomic
def case_create(*, user: User, data: Mapping, imported: bool = False) -> Case:
    """Register a case for the user's bureau; its first step records the filing."""
    if not may_register(user):
        raise WorkflowError(STAFF_ONLY, code="forbidden")
    case = Case(bureau_id=user.bureau_id, created_by=user)
    status = data.get("status") or Status.FILED
    for name in CASE_FIELDS:
        if name in data:
            setattr(case, name, data[name])
    case.status = status
    _full_clean(case)
    _refuse_future_filing(case)
    if imported:
        errors = imported_step_errors({**data, "status": status})
        if errors:
            raise WorkflowError(" ".join(m for _n, m in errors), errors={n: [m] for n, m in errors})
        for name in STEP_DATES:
            setattr(case, name, data.get(name))
    if Case.objects.filter(number=case.number).exists():
        message = DUPLICATE_NUMBER % {"number": case.number}
        raise WorkflowError(message, code="conflict", errors={"number": [message]})
    case._history_user = user
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # registered by a concurrent request since the check above
        message = DUPLICATE_NUMBER % {"number": case.number}
        raise WorkflowError(message, code="conflict", errors={"number": [message]}) from None
    _step(
        case,
        user=user,
        kind=StepKind.IMPORT if imported else StepKind.STATUS,
        to_status=case.status,
        happened_on=case.filed_on,
        note=data.get("note", ""),
    )
    for name, step_status in STEP_DATES.items():
        if getattr(case, name):
            _step(
                case,
                user=user,
                kind=StepKind.STATUS,
                to_status=step_status,
                happened_on=getattr(case, name),
                note=str(Case._meta.get_field(name).verbose_name),
            )
    return case


@transaction.atomic
def case_update(case: Case, *, user: User, data: Mapping, version: int | None = None) -> Case:
    """Change a case's particulars (not its status); the change is noted in the record."""
    current = _locked(case, user)
    if not may_handle(user, current):
        raise WorkflowError(NOT_HANDLER, code="forbidden")
    claim_version(current, version, error=WorkflowError)
    changed = []
    for name in CASE_FIELDS:
        if name in data and getattr(current, name) != data[name]:
            setattr(current, name, data[name])
            changed.append(str(Case._meta.get_field(name).verbose_name))
    _full_clean(current)
    _refuse_future_filing(current)
    if "filed_on" in data:
        _refuse_filing_after_steps(current)
    if "number" in data and (
        Case.objects.filter(number=current.number).exclude(pk=current.pk).exists()
    ):
        message = DUPLICATE_NUMBER % {"number": current.number}
        raise WorkflowError(message, code="conflict", errors={"number": [message]})
    if changed:
        current.save()
        _step(current, user=user, kind=StepKind.NOTE, note="、".join(changed))
    case.__dict__.update(current.__dict__)
    return case


def _refuse_filing_after_steps(case: Case) -> None:
    """The filing date stays on or before every later step (the first step records it)."""
    first = case.steps.order_by("at", "id").values_list("pk", flat=True).first()
    earliest = case.steps.exclude(pk=first).order_by("happened_on").first()
    if earliest is not None and earliest.happened_on < case.filed_on:
        message = FILED_AFTER_STEP % {"day": earliest.happened_on.isoformat()}
        raise WorkflowError(message, errors={"filed_on": [message]})


@transaction.atomic
def case_advance(
    case: Case,
    *,
    user: User,
    to_status: str,
    note: str = "",
    happened_on: datetime.date | None = None,
    files: Iterable = (),
) -> CaseStep:
    """Move a case to its next status along TRANSITIONS, recording the step."""
    current = _locked(case, user)
    if not may_handle(user, current):
        raise WorkflowError(NOT_HANDLER, code="forbidden")
    to_status = Status(to_status)
    if to_status == Status.TRANSFERRED:
        # A transfer names its receiver: it goes through case_transfer.
        raise WorkflowError(_illegal(current.status, to_status), code="conflict")
    if to_status not in TRANSITIONS[current.status]:
        raise WorkflowError(_illegal(current.status, to_status), code="conflict")
    day = _step_day(current, happened_on)
    _date_case(current, to_status, day)
    from_status = current.status
    current.status = to_status
    current.save()
    step = _step(
        current,
        user=user,
        kind=StepKind.STATUS,
        from_status=from_status,
        to_status=to_status,
        happened_on=day,
        note=(note or "").strip(),
    )
    _attach_all(step, files)
    case.__dict__.update(current.__dict__)
    return step


def _illegal(from_status, to_status) -> str:
    return ILLEGAL % {"from": Status(from_status).label, "to": Status(to_status).label}


@transaction.atomic
def step_add(
    case: Case,
    *,
    user: User,
    note: str,
    happened_on: datetime.date | None = None,
    corrects: CaseStep | None = None,
    files: Iterable = (),
) -> CaseStep:
    """A progress note, or a correction of an earlier step: the record only ever grows."""
    current = _locked(case, user)
    if not may_handle(user, current):
        raise WorkflowError(NOT_HANDLER, code="forbidden")
    note = (note or "").strip()
    if not note:
        raise WorkflowError(NOTE_REQUIRED, errors={"note": [NOTE_REQUIRED]})
    if corrects is not None and corrects.case_id != current.pk:
        raise WorkflowError(NOT_IN_CASE, errors={"corrects": [NOT_IN_CASE]})
    happened_on = _step_day(current, happened_on)
    step = _step(
        current,
        user=user,
        kind=StepKind.CORRECTION if corrects else StepKind.NOTE,
        happened_on=happened_on,
        note=note,
        corrects=corrects,
    )
    _attach_all(step, files)
    return step


@transaction.atomic
def case_transfer(
    case: Case,
    *,
    user: User,
    to_bureau: Bureau,
    reason: str,
    happened_on: datetime.date | None = None,
) -> Transfer:
    """Hand the case to another agency; it stays one case, visible to both."""
    current = _locked(case, user)
    if not may_handle(user, current):
        raise WorkflowError(NOT_HANDLER, code="forbidden")
    if current.transfers.exists():
        raise WorkflowError(ALREADY_TRANSFERRED, code="conflict")
    if Status.TRANSFERRED not in TRANSITIONS[current.status]:
        raise WorkflowError(_illegal(current.status, Status.TRANSFERRED), code="conflict")
    if to_bureau.pk == current.bureau_id:
        raise WorkflowError(SAME_BUREAU, errors={"to_bureau": [SAME_BUREAU]})
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(REASON_REQUIRED, errors={"reason": [REASON_REQUIRED]})
    day = _step_day(current, happened_on)
    transfer = Transfer.objects.create(
        case=current,
        from_bureau_id=current.bureau_id,
        to_bureau=to_bureau,
        reason=reason,
        transferred_on=day,
        transferred_by=user,
    )
    from_status = current.status
    current.status = Status.TRANSFERRED
    current.save()
    _step(
        current,
        user=user,
        kind=StepKind.TRANSFER,
        from_status=from_status,
        to_status=Status.TRANSFERRED,
        happened_on=day,
        note=f"→ {to_bureau.name}: {reason}",
    )
    notify_bureau(
        to_bureau,
        title=_("Case transferred to you for acceptance: %(number)s") % {"number": current.number},
        body=f"{current.bureau.name}: {reason}",
        url=current.get_absolute_url(),
    )
    case.__dict__.update(current.__dict__)
    return transfer


@transaction.atomic
def transfer_accept(transfer: Transfer, *, user: User, note: str = "") -> Transfer:
    """The receiving bureau takes the case on; from then on its staff may record steps too."""
    current = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if not (user.is_active and user.role == Role.STAFF and user.bureau_id == current.to_bureau_id):
        raise WorkflowError(NOT_RECEIVER, code="forbidden")
    if current.status == TransferStatus.ACCEPTED:
        raise WorkflowError(ALREADY_ACCEPTED, code="conflict")
    current.status = TransferStatus.ACCEPTED
    current.accepted_on = timezone.localdate()
    current.accepted_by = user
    current.save(update_fields=["status", "accepted_on", "accepted_by"])
    _step(current.case, user=user, kind=StepKind.ACCEPT, note=(note or "").strip())
    notify_bureau(
        current.from_bureau,
        title=_("Transferred case accepted: %(number)s") % {"number": current.case.number},
        body=current.to_bureau.name,
        url=current.case.get_absolute_url(),
    )
    transfer.__dict__.update(current.__dict__)
    return transfer


def _attach_all(step: CaseStep, files: Iterable) -> None:
    """Files already checked by content (workflow.evidence.detect_type): (upload, mime type)."""
    for upload, mime in files:
        attachment = CaseAttachment(
            step=step,
            original_name=upload.name[:200],
            mime_type=mime,
            size=upload.size,
            uploaded_at=timezone.now(),
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
