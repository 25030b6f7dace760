from django.contrib import admin

from bureaus.admin import OfficeEditableAdmin
from workflow.admin import WorkflowReadOnlyAdmin

from .models import Figure, Indicator, Period, TargetArea


@admin.register(TargetArea)
class TargetAreaAdmin(OfficeEditableAdmin):
    list_display = ["number", "title"]
    search_fields = ["title"]


@admin.register(Indicator)
class IndicatorAdmin(OfficeEditableAdmin):
    list_display = ["code", "name", "area", "kind", "target_value", "unit", "reporting_bureau"]
    list_filter = ["area", "kind", "source", "reporting_bureau"]
    search_fields = ["code", "name", "target_text"]
    list_select_related = ["area", "reporting_bureau"]


@admin.register(Period)
class PeriodAdmin(OfficeEditableAdmin):
    list_display = ["__str__", "year", "quarter", "due_date"]
    list_filter = ["year", "quarter"]


@admin.register(Figure)
class FigureAdmin(WorkflowReadOnlyAdmin):
    list_display = ["indicator", "bureau", "period", "value", "state", "updated_at"]
    list_filter = ["state", "period", "indicator", "bureau"]
    search_fields = ["indicator__name", "indicator__code", "bureau__name", "note"]
    list_select_related = ["indicator", "bureau", "period"]
    raw_id_fields = ["updated_by"]
