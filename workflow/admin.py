"""Submitted items are shown in the admin but never changed there: every write goes through the
workflow (workflow/services.py), so an approved figure stays locked on every path."""

from django.contrib import admin

from bureaus.admin import OfficeReadOnlyAdmin

from .models import Evidence, Reminder, ReviewComment, Transition


@admin.register(Transition)
class TransitionAdmin(OfficeReadOnlyAdmin):
    list_display = ["at", "content_type", "object_id", "action", "from_state", "to_state", "user"]
    list_filter = ["action", "content_type"]
    search_fields = ["comment", "user__username"]
    list_select_related = ["content_type", "user"]


@admin.register(Evidence)
class EvidenceAdmin(OfficeReadOnlyAdmin):
    list_display = ["original_name", "mime_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["mime_type"]
    search_fields = ["original_name"]
    list_select_related = ["uploaded_by"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(OfficeReadOnlyAdmin):
    list_display = ["created_at", "author", "text", "follow_up", "resolved_at"]
    list_filter = ["follow_up"]
    search_fields = ["text"]
    list_select_related = ["author"]


@admin.register(Reminder)
class ReminderAdmin(OfficeReadOnlyAdmin):
    list_display = ["sent_at", "period", "bureau", "sent_by", "outstanding", "recipients"]
    list_filter = ["period", "bureau"]
    search_fields = ["message", "bureau__name"]
    list_select_related = ["period", "bureau", "sent_by"]
