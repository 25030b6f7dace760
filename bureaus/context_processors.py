from django.conf import settings

from .navigation import nav_for


def portal(request):
    return {
        "district_name": settings.DISTRICT_NAME,
        "nav_items": nav_for(request.user) if hasattr(request, "user") else [],
    }
