"""The activities register's filters (read the same way by its list page and its export) and its
Excel export, streamed by the exports app."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureaus.params import read_id
from exports.registry import ExportParamsError, ListExport, register_export
from exports.streaming import ExportColumn

from . import activities
from .models import ActivityKind, AudienceKind

NOT_A_YEAR = activities.NOT_A_YEAR
UNKNOWN_KIND = activities.UNKNOWN_KIND
UNKNOWN_BUREAU = gettext_lazy("“%(value)s” is not a bureau.")


def activity_filters(user, params) -> tuple[dict, list[str]]:
    """The filters `activities.activities_for` takes, and what could not be read.

    The list page shows the current year (and no kind or bureau filter) in place of a value it
    cannot read; the export refuses it instead (see activities_queryset). Only those who see every
    bureau filter by bureau."""
    year, kind, bureau = (params.get(key, "") for key in ("year", "kind", "bureau"))
    errors = []
    if year and activities.read_year(year) is None:
        errors.append(NOT_A_YEAR % {"value": year})
    if kind and kind not in ActivityKind.values:
        errors.append(UNKNOWN_KIND % {"value": kind})
    if bureau and read_id(bureau) is None and user.sees_all_bureaus:
        errors.append(UNKNOWN_BUREAU % {"value": bureau})
    filters = {
        "year": activities.read_year(year) or timezone.localdate().year,
        "kind": kind if kind in ActivityKind.values else "",
        "bureau_id": read_id(bureau) if user.sees_all_bureaus else None,
    }
    return filters, errors


def activities_queryset(user, params: dict):
    """Exactly the list page's activities, bureau and task joined: one query however many."""
    filters, errors = activity_filters(user, params)
    if errors:
        raise ExportParamsError(errors)
    return activities.activities_for(user, **filters)


def _year(params: dict) -> str:
    year = params.get("year", "")
    return year if activities.read_year(year) else str(timezone.localdate().year)


ACTIVITIES = register_export(
    ListExport(
        key="activities",
        title=gettext_lazy("Activities"),
        columns=[
            ExportColumn(gettext_lazy("Date"), lambda a: a.date, 12),
            ExportColumn(gettext_lazy("Kind"), lambda a: a.kind, 14, choices=ActivityKind.choices),
            ExportColumn(gettext_lazy("Title"), lambda a: a.title, 40),
            ExportColumn(gettext_lazy("Organising bureau"), lambda a: a.bureau.name, 20),
            ExportColumn(gettext_lazy("Key task"), lambda a: str(a.task) if a.task else "", 30),
            ExportColumn(
                gettext_lazy("Audience"), lambda a: a.audience, 12, choices=AudienceKind.choices
            ),
            ExportColumn(
                gettext_lazy("Attendance (person-times)"), lambda a: a.person_times, 12, "0"
            ),
            ExportColumn(gettext_lazy("Place"), lambda a: a.place, 20),
            ExportColumn(gettext_lazy("Summary"), lambda a: a.summary, 40),
            ExportColumn(gettext_lazy("Evidence"), lambda a: a.evidence_count, 8, "0"),
        ],
        queryset=activities_queryset,
        filename=lambda params: _("Activities %(year)s.xlsx") % {"year": _year(params)},
        fallback=lambda params: f"activities-{_year(params)}.xlsx",
    )
)
