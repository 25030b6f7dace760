"""The activities register: publicity events and trainings, written and read here.

Bureau staff record their own bureau's activities; the office may record any bureau's (e.g. a
district-wide IP week). Leaders read only.
"""

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from bureaus import params
from bureaus.models import Role, User
from core.versioning import claim_version
from workflow.evidence import attach
from workflow.services import WorkflowError

from .models import Activity, ActivityKind

NOT_YOURS = gettext_lazy("Only staff of the organising bureau or the office can change this.")
NEGATIVE = gettext_lazy("Attendance cannot be negative.")
IN_THE_FUTURE = gettext_lazy(
    "An activity is recorded once it has taken place: the date is after today."
)
OFFICE_CONFIRMS = gettext_lazy("Only the leading-group office can confirm an activity.")
NOT_A_YEAR = params.NOT_A_YEAR
read_year = params.read_year
UNKNOWN_KIND = gettext_lazy("“%(value)s” is not a kind of activity.")

FIELDS = ("kind", "title", "date", "bureau", "task", "audience", "person_times", "place", "summary")


def may_edit(user: User, activity: Activity) -> bool:
    if not user.is_active:
        return False
    if user.role == Role.OFFICE:
        return True
    return user.role == Role.STAFF and (
        activity.bureau_id is None or activity.bureau_id == user.bureau_id
    )


@transaction.atomic
def activity_save(
    *,
    activity: Activity,
    user: User,
    data: Mapping,
    uploads: Sequence[tuple] = (),
    version: int | None = None,
) -> Activity:
    """Create or update an activity with its evidence files ([(upload, mime type)]); a save
    from an older version than the stored one is refused (R10.1)."""
    if user.role == Role.STAFF:
        data = {**data, "bureau": user.bureau}  # staff always record for their own bureau
    if not may_edit(user, activity):
        raise WorkflowError(NOT_YOURS, code="forbidden")
    claim_version(activity, version, error=WorkflowError)
    for name in FIELDS:
        if name in data:
            setattr(activity, name, data[name])
    if not may_edit(user, activity):  # the bureau may have changed with the data
        raise WorkflowError(NOT_YOURS, code="forbidden")
    if activity.person_times is not None and activity.person_times < 0:
        raise WorkflowError(NEGATIVE, errors={"person_times": [NEGATIVE]})
    if activity.date and activity.date > timezone.localdate():
        raise WorkflowError(IN_THE_FUTURE, errors={"date": [IN_THE_FUTURE]})
    if activity.pk is None:
        activity.created_by = user
    activity._history_user = user  # the change history's user, request or not
    activity.save()
    for upload, mime_type in uploads:
        attach(activity, upload, user=user, mime_type=mime_type)
    return activity


@transaction.atomic
def activity_confirm(*, activity: Activity, user: User) -> Activity:
    """The office vouches for an activity without evidence, so the assessment counts it."""
    if not (user.is_active and user.role == Role.OFFICE):
        raise WorkflowError(OFFICE_CONFIRMS, code="forbidden")
    activity.office_confirmed_by = user
    activity.office_confirmed_at = timezone.now()
    activity.save(update_fields=["office_confirmed_by", "office_confirmed_at"])
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, user: User) -> None:
    if not may_edit(user, activity):
        raise WorkflowError(NOT_YOURS, code="forbidden")
    activity.evidence.all().delete()
    activity._history_user = user
    activity.delete()


# Reads -------------------------------------------------------------------------------------------


def activities_for(
    user: User, *, year: int | None = None, kind: str = "", bureau_id: int | None = None
) -> QuerySet[Activity]:
    """The register as this user may see it, filtered; one query with its related rows."""
    rows = Activity.objects.visible_to(user).select_related("bureau", "task")
    if year:
        rows = rows.filter(date__year=year)
    if kind:
        rows = rows.filter(kind=kind)
    if bureau_id:
        rows = rows.filter(bureau_id=bureau_id)
    return rows.annotate(evidence_count=Count("evidence"))


def year_totals(rows: QuerySet[Activity]) -> dict:
    """Events held and training person-times among the rows (one query)."""
    return rows.aggregate(
        events=Count("id", filter=Q(kind=ActivityKind.EVENT)),
        trainings=Count("id", filter=Q(kind=ActivityKind.TRAINING)),
        person_times=Sum("person_times", filter=Q(kind=ActivityKind.TRAINING), default=0),
    )
