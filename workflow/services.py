"""Every change of a Figure or TaskReport goes through here: pages, API, admin and imports alike.

Each function checks who may act, from which state, and the item's version; writes the item and
its Transition in one transaction; and notifies the people concerned.
"""

from collections.abc import Mapping

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

import audit
from bureaus.models import Role, User
from core.versioning import STALE, claim_version
from notifications.services import notify, notify_bureau

from .models import EDITABLE_STATES, Action, SubmissionState, Submittable, Transition

State = SubmissionState


class WorkflowError(Exception):
    """A refused action. `code` tells the API which status to answer; `errors` maps fields."""

    def __init__(self, message, *, code: str = "invalid", errors: Mapping | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
        self.errors = dict(errors or {})


# Messages as constants, so tests assert against the same text users read.
NOT_YOURS = gettext_lazy("Only staff of the reporting bureau can change this item.")
OFFICE_ONLY = gettext_lazy("Only the leading-group office can do this.")
LOCKED = gettext_lazy("This item has been approved and is locked.")
NOT_EDITABLE = gettext_lazy("This item has been submitted; it can be edited again if returned.")
COMMENT_REQUIRED = gettext_lazy("Please give a reason.")
ILLEGAL = gettext_lazy("“%(action)s” is not possible while the item is “%(state)s”.")
INCOMPLETE = gettext_lazy("The item cannot be submitted yet: please correct the marked fields.")

# action: (states it may start from, state it leads to, who may do it)
TRANSITIONS = {
    Action.SUBMIT: (EDITABLE_STATES, State.SUBMITTED, "owner"),
    Action.APPROVE: ((State.SUBMITTED,), State.APPROVED, "office"),
    Action.RETURN: ((State.SUBMITTED,), State.RETURNED, "office"),
    Action.REOPEN: ((State.APPROVED,), State.RETURNED, "office"),
}


def is_owner(user: User, item: Submittable) -> bool:
    return user.is_active and user.role == Role.STAFF and user.bureau_id == item.bureau_id


def is_office(user: User) -> bool:
    return user.is_active and user.role == Role.OFFICE


def allowed_actions(user: User, item: Submittable) -> list[str]:
    """The actions this user may take on this item now (the page shows these buttons)."""
    actions = []
    if is_owner(user, item) and (item.pk is None or item.state in EDITABLE_STATES):
        actions.append("save")
    for action, (sources, _target, who) in TRANSITIONS.items():
        may = is_owner(user, item) if who == "owner" else is_office(user)
        if item.pk and item.state in sources and may:
            actions.append(action.value)
    return actions


def _locked_copy(item: Submittable) -> Submittable:
    """Re-read the row under a lock so two writers of the same item take turns."""
    return type(item).objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def save_draft(
    item: Submittable, *, user: User, data: Mapping, version: int | None = None
) -> Submittable:
    """Create or update an item in an editable state with the given field values.

    `version` is the one the writer read (core.versioning.claim_version); a page opened before
    the item existed read version 0, so a second tab's save after the first tab created the item
    is refused as stale, and so is a create that another request beat to it."""
    if not is_owner(user, item):
        raise WorkflowError(NOT_YOURS, code="forbidden")
    creating = item.pk is None
    if not creating:
        current = _locked_copy(item)
        if current.state == State.APPROVED:
            raise WorkflowError(LOCKED, code="locked")
        if current.state not in EDITABLE_STATES:
            raise WorkflowError(NOT_EDITABLE, code="conflict")
        claim_version(current, version, error=WorkflowError)
        item.version = current.version
        item.state = current.state
    for name, value in data.items():
        setattr(item, name, value)
    item.updated_by = user
    if not creating:
        item.save()
        return item
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # created by another request since this one looked
        raise WorkflowError(STALE, code="stale") from None
    _record(item, Action.CREATE, "", item.state, user, "")
    return item


@transaction.atomic
def transition(
    item: Submittable, action: Action | str, *, user: User, comment: str = "", version=None
) -> Submittable:
    """Move an item from one state to the next, or refuse with a WorkflowError."""
    action = Action(action)
    sources, target, who = TRANSITIONS[action]
    current = _locked_copy(item)
    if who == "owner" and not is_owner(user, current):
        raise WorkflowError(NOT_YOURS, code="forbidden")
    if who == "office" and not is_office(user):
        raise WorkflowError(OFFICE_ONLY, code="forbidden")
    if current.state not in sources:
        raise WorkflowError(
            ILLEGAL % {"action": action.label, "state": current.get_state_display()},
            code="locked" if current.state == State.APPROVED else "conflict",
        )
    claim_version(current, version, error=WorkflowError)
    comment = (comment or "").strip()
    if action in (Action.RETURN, Action.REOPEN) and not comment:
        raise WorkflowError(COMMENT_REQUIRED, errors={"comment": COMMENT_REQUIRED})
    if action == Action.SUBMIT:
        errors = current.submission_errors()
        if errors:
            raise WorkflowError(INCOMPLETE, errors=errors)
        current.submitted_at = timezone.now()
    from_state = current.state
    current.state = target
    current.updated_by = user
    current.save()
    _record(current, action, from_state, target, user, comment)
    audit.record_workflow(current, action, user=user, comment=comment)
    _notify(current, action, user, comment)
    item.__dict__.update(current.__dict__)
    return item


def _record(item, action, from_state, to_state, user, comment) -> Transition:
    return Transition.objects.create(
        item=item,
        action=action,
        from_state=from_state,
        to_state=to_state,
        user=user,
        comment=comment,
    )


@override(settings.LANGUAGE_CODE)
def _notify(item: Submittable, action: Action, user: User, comment: str) -> None:
    """Tell the other side: the office when a bureau submits, the bureau otherwise."""
    url = item.get_absolute_url()
    title = _("%(item)s: %(action)s") % {"item": item.label, "action": action.label}
    if action == Action.SUBMIT:
        offices = User.objects.filter(role=Role.OFFICE, is_active=True)
        notify(offices, title=title, body=str(item.bureau), url=url)
    else:
        notify_bureau(item.bureau, title=title, body=comment, url=url)
