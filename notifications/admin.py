from django.contrib import admin

from bureaus.admin import ReadOnly

from .models import Delivery, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "title", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "body", "user__username"]
    list_select_related = ["user"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly, admin.ModelAdmin):
    """What the channels delivered, are still trying, or gave up on (notifications/delivery.py)."""

    list_display = ["notification", "channel", "state", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["state", "channel"]
    search_fields = ["notification__title", "notification__user__username", "last_error"]
    list_select_related = ["notification"]
