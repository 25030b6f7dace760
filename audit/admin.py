from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only for everyone, the administrator included: the auditor reads it at /audit/."""

    list_display = ["at", "username", "ip", "event", "object_repr", "outcome"]
    list_filter = ["event", "outcome"]
    search_fields = ["username", "object_repr"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
