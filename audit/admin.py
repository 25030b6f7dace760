from django.contrib import admin

from bureaus.admin import ReadOnly

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly, admin.ModelAdmin):
    """Closed to everyone, the administrator included (三员分立: the log records the
    administrator's own actions): the auditor reads it at /audit/. Registered so that a later
    registration cannot open it unnoticed (tests/security/access_matrix.py)."""

    def has_module_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        return False

    list_display = ["at", "username", "ip", "event", "object_repr", "outcome"]
    list_filter = ["event", "outcome"]
    search_fields = ["username", "object_repr"]
    date_hierarchy = "at"
