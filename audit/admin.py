from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin

from bureaus.admin import ReadOnly, SecurityAdministratorsOnly

from .models import AuditChainAnchor, AuditEvent, Event
from .services import record


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly, admin.ModelAdmin):
    """Closed to everyone, the administrator included (三员分立: the log records the
    administrator's own actions): the auditor reads it at /audit/. Registered so that a later
    registration cannot open it unnoticed (tests/security/access_matrix.py)."""

    list_display = ["at", "username", "ip", "event", "object_repr", "outcome"]
    list_filter = ["event", "outcome"]
    search_fields = ["username", "object_repr"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        return False


@admin.register(AuditChainAnchor)
class AuditChainAnchorAdmin(AuditEventAdmin):
    """The purge's anchor belongs to the log: closed the same way."""

    list_display = ["purged_before", "prev_mac"]
    list_filter = ["purged_before"]
    search_fields = ["prev_mac"]
    date_hierarchy = None


class SecurityAdministrators(SecurityAdministratorsOnly):
    """Lockout and login records are the security administrator's (三员分立), not the system
    administrator's: he reads them and unlocks an account by deleting its lockout records,
    each deletion audited (axes deletes its own rows at every login, unaudited). The login
    records themselves are kept: nobody deletes them here."""

    deletable = False

    def delete_model(self, request, obj):
        record(Event.DELETE, request=request, obj=obj, detail={"pk": str(obj.pk)})
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            record(Event.DELETE, request=request, obj=obj, detail={"pk": str(obj.pk)})
        super().delete_queryset(request, queryset)


for model, model_admin, deletable in (
    (AccessAttempt, AccessAttemptAdmin, True),
    (AccessLog, AccessLogAdmin, False),
    (AccessFailureLog, AccessFailureLogAdmin, False),
):
    admin.site.unregister(model)
    bases = (SecurityAdministrators, model_admin)
    admin.site.register(model, type(model_admin.__name__, bases, {"deletable": deletable}))
