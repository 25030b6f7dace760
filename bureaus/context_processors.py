from django.conf import settings

from notifications.services import unread_count

from .navigation import menu_for, nav_for


def portal(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "district_name": settings.DISTRICT_NAME,
        "nav_items": nav_for(user) if signed_in else [],
        "nav_menu": menu_for(user) if signed_in else [],
        # Lazy: only pages that show the header pay the one query.
        "unread_notifications": (lambda: unread_count(user)) if signed_in else 0,
    }
