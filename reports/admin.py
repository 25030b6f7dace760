from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bureaus.admin import OfficeEditableAdmin, OfficeReadOnlyAdmin, ReadOnly
from core.provenance import ConfirmOnChangeAdmin

from .models import (
    AssessmentAdjustment,
    AssessmentCategory,
    AssessmentCriterion,
    Circular,
    CircularState,
    DashboardVersion,
)


@admin.register(AssessmentCriterion)
class AssessmentCriterionAdmin(ConfirmOnChangeAdmin, SimpleHistoryAdmin, OfficeEditableAdmin):
    """The office edits the weights (and the activities target) of the annual assessment."""

    list_display = ["name", "code", "weight", "target", "order"]
    list_editable = ["weight", "target", "order"]
    search_fields = ["name", "description"]

    def has_delete_permission(self, request, obj=None):
        return False  # set a weight to 0 instead: the codes are what assessment.py computes


@admin.register(AssessmentCategory)
class AssessmentCategoryAdmin(ConfirmOnChangeAdmin, OfficeEditableAdmin):
    """Who is ranked against whom: the office lists units, or lets their kind place them; a
    change of a category's name, kinds or units confirms it (R4.2)."""

    list_display = ["name", "code", "order", "confirmed_by", "confirmed_at"]
    list_editable = ["order"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]  # still a default, or not
    search_fields = ["name"]
    filter_horizontal = ["bureaus"]


@admin.register(AssessmentAdjustment)
class AssessmentAdjustmentAdmin(OfficeReadOnlyAdmin):
    """Read-only: adjustments are added on the assessment page, which records the author."""

    list_display = ["year", "bureau", "points", "reason", "author", "created_at"]
    list_filter = ["year", "bureau"]
    search_fields = ["reason", "bureau__name"]
    list_select_related = ["bureau", "author"]


@admin.register(Circular)
class CircularAdmin(SimpleHistoryAdmin, OfficeReadOnlyAdmin):
    """Drafted, edited and published on the circulars page, whose service keeps the history and
    the audit events; here the office reads them, their history, and throws a draft away."""

    list_display = ["title", "period", "state", "published_at"]
    list_filter = ["state", "period"]
    search_fields = ["title", "body"]

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request) and not (obj is not None and obj.is_published)

    def delete_queryset(self, request, queryset):
        """The bulk action deletes the drafts it was given and leaves published ones."""
        super().delete_queryset(request, queryset.filter(state=CircularState.DRAFT))


@admin.register(DashboardVersion)
class DashboardVersionAdmin(ReadOnly, admin.ModelAdmin):
    """The stamp changes by itself with the data (reports/dashboard_cache.py)."""

    list_display = ["stamp", "changed_at"]
    list_filter = ["changed_at"]
    search_fields = ["stamp"]
