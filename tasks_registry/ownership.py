"""Who owns a key task, over time: a change ends the old row and opens a new one from a period.

What a bureau owes for a quarter (workflow.kinds.owed_task_reports) and the assessment read the
rows that held in that quarter, so a change never reaches back into quarters already owed.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from bureaus.models import Bureau, Role, User
from core.provenance import confirm
from targets.models import Period
from targets.periods import ensure_period, quarter_of
from workflow.services import WorkflowError

from .models import KeyTask, OwnershipRole, TaskOwnership

OFFICE_ONLY = gettext_lazy("Only the leading-group office can change a task's owners.")
BACKWARDS = gettext_lazy(
    "A change of owners applies from the current quarter (%(period)s) or a later one, never to "
    "earlier quarters."
)
NO_CHANGE = gettext_lazy("This bureau already has this part in the task.")
UNKNOWN_ROLE = gettext_lazy("Choose lead, co-operating, or none.")


def _key(period: Period) -> tuple[int, int]:
    return period.year, period.quarter


def _previous(period: Period) -> Period:
    if period.quarter == 1:
        return ensure_period(period.year - 1, 4)
    return ensure_period(period.year, period.quarter - 1)


def _end(row: TaskOwnership, from_period: Period) -> TaskOwnership | None:
    """The row stops holding before `from_period`; a row that never held before it goes.
    Returns the row when it is kept."""
    if row.from_period is not None and _key(row.from_period) >= _key(from_period):
        row.delete()
        return None
    row.until_period = _previous(from_period)
    row.save(update_fields=["until_period"])
    return row


@transaction.atomic
def ownership_change(
    *,
    task: KeyTask,
    bureau: Bureau,
    role: str,
    from_period: Period,
    user: User,
) -> TaskOwnership | None:
    """`bureau` takes `role` (lead, co-operating, or "" to leave) on the task from `from_period`.

    A new lead ends the old lead's row from the same period. The office deciding on the rows it
    ends or opens confirms them (R4.2). Returns the new row, if any."""
    if not (user.is_active and user.role == Role.OFFICE):
        raise WorkflowError(OFFICE_ONLY, code="forbidden")
    if role not in ("", *OwnershipRole.values):
        raise WorkflowError(UNKNOWN_ROLE, errors={"role": [UNKNOWN_ROLE]})
    now = quarter_of(timezone.localdate())
    if _key(from_period) < now:
        message = BACKWARDS % {"period": f"{now[0]}Q{now[1]}"}
        raise WorkflowError(message, errors={"from_period": [message]})
    from_period = ensure_period(from_period.year, from_period.quarter)
    rows = list(TaskOwnership.objects.select_for_update().filter(task=task).open())
    mine = next((row for row in rows if row.bureau_id == bureau.pk), None)
    if (mine.role if mine else "") == role:
        raise WorkflowError(NO_CHANGE)
    decided = []
    if mine is not None:
        decided.append(_end(mine, from_period))
    if role == OwnershipRole.LEAD:
        for row in rows:
            if row.role == OwnershipRole.LEAD and row.bureau_id != bureau.pk:
                decided.append(_end(row, from_period))
    new = None
    if role:
        new = TaskOwnership.objects.create(
            task=task, bureau=bureau, role=role, from_period=from_period
        )
        decided.append(new)
    confirm([row for row in decided if row is not None], user=user)
    return new


def ownership_history(task: KeyTask) -> list[TaskOwnership]:
    """Every row the task has had, latest start first (one query)."""
    rows = task.ownerships.select_related("bureau", "from_period", "until_period")
    return sorted(
        rows,
        key=lambda row: (
            _key(row.from_period) if row.from_period else (0, 0),
            row.role == OwnershipRole.LEAD,
        ),
        reverse=True,
    )
