from django.contrib import admin

from bureaus.admin import ReadOnly

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only for everyone, the administrator included: the auditor reads it at /audit/."""

    list_display = ["at", "username", "ip", "event", "object_repr", "outcome"]
    list_filter = ["event", "outcome"]
    search_fields = ["username", "object_repr"]
    date_hierarchy = "at"
