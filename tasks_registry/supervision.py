"""Supervision items (督办): every write goes through here, from pages, admin and demo alike.

An item comes from one source (an inspection finding, a joint-meeting decision, a leader's
instruction, a problem raised in a task report), is led by one bureau with any number of
co-operating bureaus, and moves open → in progress (first update) → done (the lead bureau reports
it done) → signed off by the office, who may instead send it back to in progress with a reason.
Overdue is not a state: an item not done by its deadline is overdue.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from bureaus.models import Bureau, Role, User
from notifications.services import notify, notify_bureau
from targets.models import Indicator
from workflow.evidence import attach
from workflow.services import WorkflowError

from .models import (
    Inspection,
    JointMeeting,
    KeyTask,
    LeaderInstruction,
    OwnershipRole,
    ReportingFrequency,
    SupervisionItem,
    SupervisionSource,
    SupervisionStatus,
    SupervisionUpdate,
    TaskReport,
    Urgency,
)

# Messages as constants, so tests assert against the same text users read.
OFFICE_ONLY = gettext_lazy("Only the leading-group office can do this.")
LEADER_ONLY = gettext_lazy("Only a leader can write an instruction.")
NOT_OWNER = gettext_lazy("Only staff of the lead or co-operating bureaus can report progress.")
LEAD_ONLY_DONE = gettext_lazy("Only the lead bureau can report the item done.")
ALREADY_DONE = gettext_lazy("This item is done; the office can send it back if more is needed.")
NOT_DONE = gettext_lazy("Only an item reported done can be signed off.")
SIGNED_OFF = gettext_lazy("This item has been signed off and is closed.")
REASON_REQUIRED = gettext_lazy("Please give a reason.")
TEXT_REQUIRED = gettext_lazy("Please describe the progress.")
NO_TARGET = gettext_lazy("An instruction is written on a key task, a task report or an indicator.")
NO_OWNER = gettext_lazy("Nobody owns this yet: the office must name a bureau first.")

# How long a bureau has to carry out a leader's instruction unless the leader says otherwise.
INSTRUCTION_DAYS = 30


def is_office(user: User) -> bool:
    return user.is_active and user.role == Role.OFFICE


def owner_bureau_ids(item: SupervisionItem) -> set[int]:
    return {item.lead_bureau_id, *(b.pk for b in item.cooperating_bureaus.all())}


def may_report(user: User, item: SupervisionItem) -> bool:
    return (
        user.is_active
        and user.role == Role.STAFF
        and user.bureau_id in owner_bureau_ids(item)
        and not item.is_signed_off
    )


def _require_office(user: User) -> None:
    if not is_office(user):
        raise WorkflowError(OFFICE_ONLY, code="forbidden")


@override(settings.LANGUAGE_CODE)
def _notify_owners(item: SupervisionItem, title: str, body: str = "") -> None:
    for bureau in [item.lead_bureau, *item.cooperating_bureaus.all()]:
        notify_bureau(bureau, title=title, body=body, url=item.get_absolute_url())


def _offices():
    return User.objects.filter(role=Role.OFFICE, is_active=True)


def _create_item(
    *,
    user: User,
    source: SupervisionSource,
    source_record,
    title: str,
    lead_bureau: Bureau,
    deadline: datetime.date,
    description: str = "",
    cooperating: Iterable[Bureau] = (),
    urgency: str = Urgency.NORMAL,
    frequency: str = ReportingFrequency.ONCE,
) -> SupervisionItem:
    item = SupervisionItem.objects.create(
        title=title,
        description=description,
        source=source,
        source_record=source_record,
        lead_bureau=lead_bureau,
        deadline=deadline,
        urgency=urgency,
        frequency=frequency,
        created_by=user,
    )
    item.cooperating_bureaus.set([b for b in cooperating if b.pk != lead_bureau.pk])
    with override(settings.LANGUAGE_CODE):
        title = _("New supervision item: %(title)s") % {"title": item.title}
        body = _("Deadline %(deadline)s") % {"deadline": f"{item.deadline:%Y-%m-%d}"}
    _notify_owners(item, title, body)
    return item


@transaction.atomic
def inspection_finding_record(
    *,
    user: User,
    inspection: Inspection | None = None,
    date: datetime.date | None = None,
    bureau: Bureau | None = None,
    inspectors: str = "",
    findings: str = "",
    **item_fields,
) -> SupervisionItem:
    """A finding of a supervision inspection (a new inspection, or one already recorded)."""
    _require_office(user)
    if inspection is None:
        inspection = Inspection.objects.create(
            date=date, bureau=bureau, inspectors=inspectors, findings=findings, created_by=user
        )
    item_fields.setdefault("lead_bureau", inspection.bureau)
    return _create_item(
        user=user, source=SupervisionSource.INSPECTION, source_record=inspection, **item_fields
    )


@transaction.atomic
def meeting_decision_record(
    *,
    user: User,
    meeting: JointMeeting | None = None,
    date: datetime.date | None = None,
    meeting_title: str = "",
    attendees: str = "",
    decisions: str = "",
    **item_fields,
) -> SupervisionItem:
    """A decision of a joint meeting (a new meeting, or one already recorded)."""
    _require_office(user)
    if meeting is None:
        meeting = JointMeeting.objects.create(
            date=date,
            title=meeting_title,
            attendees=attendees,
            decisions=decisions,
            created_by=user,
        )
    return _create_item(
        user=user, source=SupervisionSource.JOINT_MEETING, source_record=meeting, **item_fields
    )


@transaction.atomic
def reported_problem_raise(*, user: User, report: TaskReport, **item_fields) -> SupervisionItem:
    """A problem a bureau wrote in a task report, taken up by the office."""
    _require_office(user)
    item_fields.setdefault("lead_bureau", report.bureau)
    item_fields.setdefault("title", f"{report.task.number}. {report.task.title}")
    item_fields.setdefault("description", report.problems)
    return _create_item(
        user=user, source=SupervisionSource.REPORTED_PROBLEM, source_record=report, **item_fields
    )


def instruction_owners(target) -> tuple[Bureau | None, list[Bureau]]:
    """(lead bureau, co-operating bureaus) of what an instruction is written on."""
    if isinstance(target, KeyTask):
        ownerships = list(target.ownerships.select_related("bureau"))
        lead = next((o.bureau for o in ownerships if o.role == OwnershipRole.LEAD), None)
        others = [o.bureau for o in ownerships if o.role != OwnershipRole.LEAD]
        if lead is None and others:
            lead, others = others[0], others[1:]
        return lead, others
    if isinstance(target, TaskReport):
        return target.bureau, []
    if isinstance(target, Indicator):
        return target.reporting_bureau, []
    raise WorkflowError(NO_TARGET)


def instruction_title(target) -> str:
    if isinstance(target, KeyTask):
        return f"{target.number}. {target.title}"
    if isinstance(target, TaskReport):
        return f"{target.task.number}. {target.task.title} ({target.period} {target.bureau})"
    return f"{target.code} {target.name}"


@transaction.atomic
def instruction_give(
    *,
    user: User,
    target,
    text: str,
    deadline: datetime.date | None = None,
    urgency: str = Urgency.URGENT,
) -> LeaderInstruction:
    """A leader's 批示: stored, turned into a supervision item, and sent to the owning bureaus."""
    if not (user.is_active and user.role == Role.LEADER):
        raise WorkflowError(LEADER_ONLY, code="forbidden")
    text = (text or "").strip()
    if not text:
        raise WorkflowError(REASON_REQUIRED, errors={"text": [REASON_REQUIRED]})
    lead, others = instruction_owners(target)
    if lead is None:
        raise WorkflowError(NO_OWNER)
    instruction = LeaderInstruction.objects.create(author=user, text=text, target=target)
    deadline = deadline or timezone.localdate() + datetime.timedelta(days=INSTRUCTION_DAYS)
    with override(settings.LANGUAGE_CODE):
        title = _("Leader's instruction: %(subject)s") % {"subject": instruction_title(target)}
    _create_item(
        user=user,
        source=SupervisionSource.INSTRUCTION,
        source_record=instruction,
        title=title[:200],
        description=text,
        lead_bureau=lead,
        cooperating=others,
        deadline=deadline,
        urgency=urgency,
    )
    return instruction


@transaction.atomic
def update_add(
    *,
    item: SupervisionItem,
    user: User,
    text: str,
    reports_done: bool = False,
    uploads: Sequence[tuple] = (),
) -> SupervisionUpdate:
    """A bureau's progress on an item, with checked evidence files ([(upload, mime type)])."""
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    if item.is_signed_off:
        raise WorkflowError(SIGNED_OFF, code="locked")
    if not may_report(user, item):
        raise WorkflowError(NOT_OWNER, code="forbidden")
    if item.status == SupervisionStatus.DONE:
        raise WorkflowError(ALREADY_DONE, code="conflict")
    if reports_done and user.bureau_id != item.lead_bureau_id:
        raise WorkflowError(LEAD_ONLY_DONE, code="forbidden")
    text = (text or "").strip()
    if not text:
        raise WorkflowError(TEXT_REQUIRED, errors={"text": [TEXT_REQUIRED]})
    update = SupervisionUpdate.objects.create(
        item=item, bureau=user.bureau, author=user, text=text, reports_done=reports_done
    )
    for upload, mime_type in uploads:
        attach(update, upload, user=user, mime_type=mime_type)
    if reports_done:
        item.status = SupervisionStatus.DONE
        item.completed_at = update.created_at
    else:
        item.status = SupervisionStatus.IN_PROGRESS
    item.save(update_fields=["status", "completed_at"])
    with override(settings.LANGUAGE_CODE):
        title = (_("Reported done: %(title)s") if reports_done else _("Progress: %(title)s")) % {
            "title": item.title
        }
    notify(_offices(), title=title, body=str(user.bureau), url=item.get_absolute_url())
    return update


@transaction.atomic
def item_sign_off(*, item: SupervisionItem, user: User, comment: str = "") -> SupervisionItem:
    """The office confirms an item reported done: it is closed."""
    _require_office(user)
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    if item.is_signed_off:
        raise WorkflowError(SIGNED_OFF, code="locked")
    if item.status != SupervisionStatus.DONE:
        raise WorkflowError(NOT_DONE, code="conflict")
    item.signed_off_at = timezone.now()
    item.signed_off_by = user
    item.sign_off_comment = (comment or "").strip()
    item.save(update_fields=["signed_off_at", "signed_off_by", "sign_off_comment"])
    with override(settings.LANGUAGE_CODE):
        title = _("Signed off: %(title)s") % {"title": item.title}
    _notify_owners(item, title, item.sign_off_comment)
    return item


@transaction.atomic
def item_send_back(*, item: SupervisionItem, user: User, comment: str) -> SupervisionItem:
    """The office does not accept an item reported done: back to in progress, with a reason."""
    _require_office(user)
    item = SupervisionItem.objects.select_for_update().get(pk=item.pk)
    if item.is_signed_off:
        raise WorkflowError(SIGNED_OFF, code="locked")
    if item.status != SupervisionStatus.DONE:
        raise WorkflowError(NOT_DONE, code="conflict")
    comment = (comment or "").strip()
    if not comment:
        raise WorkflowError(REASON_REQUIRED, errors={"comment": [REASON_REQUIRED]})
    SupervisionUpdate.objects.create(
        item=item, bureau=user.bureau, author=user, text=comment, sends_back=True
    )
    item.status = SupervisionStatus.IN_PROGRESS
    item.completed_at = None
    item.sign_off_comment = comment
    item.save(update_fields=["status", "completed_at", "sign_off_comment"])
    with override(settings.LANGUAGE_CODE):
        title = _("Sent back: %(title)s") % {"title": item.title}
    _notify_owners(item, title, comment)
    return item
