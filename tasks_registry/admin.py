from django.contrib import admin

from bureaus.admin import OfficeEditable, OfficeEditableAdmin
from workflow.admin import WorkflowReadOnlyAdmin

from .models import KeyTask, TaskGroup, TaskOwnership, TaskReport


class TaskOwnershipInline(OfficeEditable, admin.TabularInline):
    model = TaskOwnership
    extra = 0
    readonly_fields = ["is_default"]


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

    def save_formset(self, request, form, formset, change):
        # An ownership the office adds or changes is no longer the loaded default.
        for ownership in formset.save(commit=False):
            ownership.is_default = False
            ownership.save()
        for ownership in formset.deleted_objects:
            ownership.delete()


@admin.register(TaskReport)
class TaskReportAdmin(WorkflowReadOnlyAdmin):
    list_display = ["task", "bureau", "period", "status", "percent_complete", "state"]
    list_filter = ["state", "status", "period", "bureau"]
    search_fields = ["task__title", "bureau__name", "work_done", "problems"]
    list_select_related = ["task", "bureau", "period"]


@admin.register(TaskOwnership)
class TaskOwnershipAdmin(OfficeEditableAdmin):
    list_display = ["task", "bureau", "role", "is_default"]
    list_filter = ["role", "is_default", "bureau"]
    search_fields = ["task__title", "bureau__name"]
    list_select_related = ["task", "bureau"]

    def save_model(self, request, obj, form, change):
        obj.is_default = False  # the office's choice, no longer the loaded default
        super().save_model(request, obj, form, change)
