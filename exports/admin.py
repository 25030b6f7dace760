from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ExportJob, GeneratedReport


class PrivateFileAdmin(admin.ModelAdmin):
    """Read-only, and the stored file shown by name: private storage has no URL to link to (the
    admin's file widget asks for one and failed), the pages that serve it check who asks."""

    exclude = ["file"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "file"] + ["stored_file"]

    @admin.display(description=_("file"))
    def stored_file(self, obj):
        return obj.file.name

    def has_add_permission(self, request):
        return False


@admin.register(GeneratedReport)
class GeneratedReportAdmin(PrivateFileAdmin):
    list_display = ["period_code", "kind", "format", "created_by", "created_at", "data_version"]
    list_filter = ["kind", "format"]
    search_fields = ["period_code", "filename", "sha256"]


@admin.register(ExportJob)
class ExportJobAdmin(PrivateFileAdmin):
    list_display = ["kind", "status", "created_by", "created_at", "progress", "total"]
    list_filter = ["status", "kind"]
    search_fields = ["kind", "filename"]
