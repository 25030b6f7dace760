from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from bureaus.admin import OfficeEditable, OfficeEditableAdmin, OfficeReadOnlyAdmin
from core.provenance import ConfirmOnChangeAdmin

from .models import (
    Figure,
    Indicator,
    IndicatorSource,
    Period,
    Progress,
    ProgressRun,
    StatusThresholds,
    TargetArea,
    TargetAssessment,
)
from .services import Trigger, industry_fill, progress_compute


@admin.register(TargetArea)
class TargetAreaAdmin(OfficeEditableAdmin):
    list_display = ["number", "title"]
    search_fields = ["title"]


class IndustryForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "target_value", "note"]
        labels = {"name": _("Industry"), "target_value": _("National average density")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_value"].required = True
        self.fields["target_value"].help_text = ""


class IndustryInline(OfficeEditable, admin.TabularInline):
    """The industries of 3.1 (R3.4): the office's entry, not the plan's."""

    model = Indicator
    fk_name = "parent"
    form = IndustryForm
    extra = 1
    verbose_name = _("industry (entered by the office, not in the plan)")
    verbose_name_plural = _("industries (entered by the office, not in the plan)")


@admin.register(Indicator)
class IndicatorAdmin(ConfirmOnChangeAdmin, SimpleHistoryAdmin, OfficeEditableAdmin):
    list_display = ["code", "name", "area", "kind", "target_value", "unit", "reporting_bureau"]
    list_filter = ["area", "kind", "source", "reporting_bureau"]
    search_fields = ["code", "name", "target_text"]
    list_select_related = ["area", "reporting_bureau"]

    def get_inlines(self, request, obj):
        return [IndustryInline] if obj and obj.source == IndicatorSource.INDUSTRIES else []

    def save_formset(self, request, form, formset, change):
        if formset.model is Indicator:
            for industry in formset.save(commit=False):
                industry_fill(industry, parent=form.instance)
                industry.save()
            for industry in formset.deleted_objects:
                industry.delete()
            return
        super().save_formset(request, form, formset, change)


@admin.register(Period)
class PeriodAdmin(ConfirmOnChangeAdmin, OfficeEditableAdmin):
    list_display = ["__str__", "year", "quarter", "due_date"]
    list_filter = ["year", "quarter"]


@admin.register(StatusThresholds)
class StatusThresholdsAdmin(ConfirmOnChangeAdmin, SimpleHistoryAdmin, OfficeEditableAdmin):
    """The office confirms or changes the status thresholds (R2.3, R4); a change recomputes
    progress so every status follows it at once."""

    list_display = ["__str__", "on_track_ratio", "at_risk_ratio", "confirmed_by", "confirmed_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]  # still a default, or not

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request) and not StatusThresholds.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if set(form.changed_data) & set(obj.CONFIRMED_FIELDS):
            progress_compute(trigger=Trigger.OFFICE)


@admin.register(Figure)
class FigureAdmin(SimpleHistoryAdmin, OfficeReadOnlyAdmin):  # History: old and new values
    list_display = ["indicator", "bureau", "period", "value", "state", "updated_at"]
    list_filter = ["state", "period", "indicator", "bureau"]
    search_fields = ["indicator__name", "indicator__code", "bureau__name", "note"]
    list_select_related = ["indicator", "bureau", "period"]
    raw_id_fields = ["updated_by"]


@admin.register(Progress)
class ProgressAdmin(OfficeReadOnlyAdmin):
    list_display = [
        "indicator", "period", "value", "percent_of_target", "expected_percent", "status",
        "projected_value", "reported",
    ]  # fmt: skip
    list_filter = ["status", "period", "indicator__area"]
    search_fields = ["indicator__code", "indicator__name"]
    list_select_related = ["indicator", "period"]


@admin.register(ProgressRun)
class ProgressRunAdmin(OfficeReadOnlyAdmin):
    list_display = [
        "started_at", "trigger", "status", "duration", "rows_created", "rows_updated",
        "rows_deleted",
    ]  # fmt: skip
    list_filter = ["status", "trigger"]
    date_hierarchy = "started_at"


@admin.register(TargetAssessment)
class TargetAssessmentAdmin(OfficeReadOnlyAdmin):  # written on the indicator page only
    list_display = ["indicator", "period", "verdict", "assessed_by", "assessed_at"]
    list_filter = ["verdict", "period", "indicator"]
    search_fields = ["indicator__code", "indicator__name", "narrative"]
    list_select_related = ["indicator", "period", "assessed_by"]
