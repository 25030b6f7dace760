"""The case register in the admin. Cases and transfers change only through the services (so the
record is always written), and the full-process record is read-only: never edited, never deleted.
A case's History page lists every change with its old and new values and the user."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bureaus.admin import OfficeEditableAdmin, OfficeReadOnlyAdmin, PersonalData

from .models import Campaign, Case, CaseAttachment, CaseStep, Transfer


class CaseStepInline(admin.TabularInline):
    model = CaseStep
    fields = ["happened_on", "kind", "from_status", "to_status", "note", "user", "at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Case)
class CaseAdmin(PersonalData, SimpleHistoryAdmin, OfficeReadOnlyAdmin):
    list_display = ["number", "title", "ip_type", "proceeding", "status", "bureau", "filed_on"]
    list_filter = ["status", "ip_type", "proceeding", "source", "bureau", "town", "campaign"]
    search_fields = ["number", "title", "respondent_uscc", "right_holder"]
    personal_fields = indexed_fields = ("respondent_name", "respondent_id_number")
    list_select_related = ["bureau"]
    date_hierarchy = "filed_on"
    inlines = [CaseStepInline]


@admin.register(CaseStep)
class CaseStepAdmin(OfficeReadOnlyAdmin):
    list_display = ["case", "happened_on", "kind", "from_status", "to_status", "user", "at"]
    list_filter = ["kind", "to_status"]
    search_fields = ["case__number", "note", "user__username"]
    list_select_related = ["case", "user"]


@admin.register(CaseAttachment)
class CaseAttachmentAdmin(OfficeReadOnlyAdmin):
    list_display = ["original_name", "mime_type", "size", "step", "uploaded_at"]
    list_filter = ["mime_type"]
    search_fields = ["original_name", "step__case__number"]
    list_select_related = ["step"]


@admin.register(Transfer)
class TransferAdmin(OfficeReadOnlyAdmin):
    list_display = ["case", "from_bureau", "to_bureau", "status", "transferred_on", "accepted_on"]
    list_filter = ["status", "from_bureau", "to_bureau"]
    search_fields = ["case__number", "reason"]
    list_select_related = ["case", "from_bureau", "to_bureau"]


@admin.register(Campaign)
class CampaignAdmin(OfficeEditableAdmin):
    list_display = ["name", "starts_on", "ends_on", "lead_bureau"]
    list_filter = ["lead_bureau"]
    search_fields = ["name", "description"]
    list_select_related = ["lead_bureau"]
