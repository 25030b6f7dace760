from django.conf import settings

from notifications.services import unread_count

from . import second_factor
from .navigation import menu_for, nav_for


def portal(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    # No menu while the second factor is still asked for: every link would lead back to it.
    pending = signed_in and second_factor.is_pending(request)
    return {
        "district_name": settings.DISTRICT_NAME,
        "nav_items": nav_for(user) if signed_in and not pending else [],
        "nav_menu": menu_for(user) if signed_in and not pending else [],
        # Lazy: only pages that show the header pay the one query.
        "unread_notifications": (lambda: unread_count(user)) if signed_in else 0,
    }
