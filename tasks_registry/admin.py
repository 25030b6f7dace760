from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bureaus.admin import OfficeEditable, OfficeEditableAdmin, OfficeReadOnlyAdmin, ReadOnly

from .models import KeyTask, TaskGroup, TaskOwnership, TaskReport


class TaskOwnershipInline(ReadOnly, OfficeEditable, admin.TabularInline):
    """Owners are changed on the task's page, from a period on (tasks_registry/ownership.py)."""

    model = TaskOwnership
    extra = 0
    fields = ["bureau", "role", "from_period", "until_period", "is_default"]
    readonly_fields = fields


@admin.register(TaskGroup)
class TaskGroupAdmin(OfficeEditableAdmin):
    list_display = ["number", "title"]
    search_fields = ["title"]


@admin.register(KeyTask)
class KeyTaskAdmin(OfficeEditableAdmin):
    list_display = ["number", "title", "group"]
    list_filter = ["group", "ownerships__bureau"]
    search_fields = ["title", "description"]
    list_select_related = ["group"]
    inlines = [TaskOwnershipInline]


@admin.register(TaskReport)
class TaskReportAdmin(SimpleHistoryAdmin, OfficeReadOnlyAdmin):  # History: old and new values
    list_display = ["task", "bureau", "period", "status", "percent_complete", "state"]
    list_filter = ["state", "status", "period", "bureau"]
    search_fields = ["task__title", "bureau__name", "work_done", "problems"]
    list_select_related = ["task", "bureau", "period"]


@admin.register(TaskOwnership)
class TaskOwnershipAdmin(OfficeReadOnlyAdmin):
    """Read-only: a change ends a row and opens another, which the task's page does."""

    list_display = ["task", "bureau", "role", "from_period", "until_period", "is_default"]
    list_filter = ["role", "is_default", "bureau"]
    search_fields = ["task__title", "bureau__name"]
    list_select_related = ["task", "bureau", "from_period", "until_period"]


# Activities, supervision items and leader instructions: read in the admin, written on the pages
# (which record the author and notify the bureaus).
from .models import (  # noqa: E402
    Activity,
    Inspection,
    JointMeeting,
    LeaderInstruction,
    SupervisionItem,
    SupervisionUpdate,
)


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin, OfficeReadOnlyAdmin):
    list_display = ["date", "kind", "title", "bureau", "person_times"]
    list_filter = ["kind", "bureau", "date"]
    search_fields = ["title", "summary", "place"]
    list_select_related = ["bureau"]


@admin.register(SupervisionItem)
class SupervisionItemAdmin(OfficeReadOnlyAdmin):
    list_display = ["title", "source", "lead_bureau", "deadline", "status", "signed_off_at"]
    list_filter = ["source", "status", "urgency", "lead_bureau"]
    search_fields = ["title", "description"]
    list_select_related = ["lead_bureau"]


@admin.register(Inspection)
class InspectionAdmin(OfficeReadOnlyAdmin):
    list_display = ["date", "bureau", "inspectors"]
    list_filter = ["bureau", "date"]
    search_fields = ["inspectors", "findings"]
    list_select_related = ["bureau"]


@admin.register(JointMeeting)
class JointMeetingAdmin(OfficeReadOnlyAdmin):
    list_display = ["date", "title"]
    list_filter = ["date"]
    search_fields = ["title", "attendees", "decisions"]


@admin.register(LeaderInstruction)
class LeaderInstructionAdmin(OfficeReadOnlyAdmin):
    list_display = ["created_at", "author", "text"]
    list_filter = ["author", "target_type"]
    search_fields = ["text"]
    list_select_related = ["author"]


@admin.register(SupervisionUpdate)
class SupervisionUpdateAdmin(OfficeReadOnlyAdmin):
    list_display = ["created_at", "item", "bureau", "reports_done"]
    list_filter = ["reports_done", "bureau"]
    search_fields = ["text", "item__title"]
    list_select_related = ["item", "bureau"]
