from django.contrib import admin

from .models import Heartbeat


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_run", "hostname", "runs"]
    readonly_fields = ["name", "last_run", "hostname", "runs"]
    search_fields = ["name", "hostname"]

    def has_add_permission(self, request):
        return False
