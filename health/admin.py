from django.contrib import admin

from .models import Heartbeat, PendingTask


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_run", "hostname", "runs"]
    readonly_fields = ["name", "last_run", "hostname", "runs"]
    search_fields = ["name", "hostname"]

    def has_add_permission(self, request):
        return False


@admin.register(PendingTask)
class PendingTaskAdmin(admin.ModelAdmin):
    """Read-only: the rows leave by themselves once the broker takes them (ipcity/queueing.py)."""

    list_display = ["name", "created_at", "attempts", "last_error"]
    list_filter = ["name"]
    search_fields = ["name", "last_error"]
    readonly_fields = ["name", "args", "kwargs", "created_at", "attempts", "last_error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
