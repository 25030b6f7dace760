from django.contrib import admin

from .models import ExportJob, GeneratedReport


@admin.register(GeneratedReport)
class GeneratedReportAdmin(admin.ModelAdmin):
    list_display = ["period_code", "kind", "format", "created_by", "created_at", "data_version"]
    list_filter = ["kind", "format"]
    search_fields = ["period_code", "filename", "sha256"]
    readonly_fields = [f.name for f in GeneratedReport._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["kind", "status", "created_by", "created_at", "progress", "total"]
    list_filter = ["status", "kind"]
    search_fields = ["kind", "filename"]
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False
