"""Headers for what a logged-in user is shown: never kept by a browser or proxy cache, and no
powerful browser feature offered to the portal's pages (ASVS V8.2.1, V14.4)."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class PrivatePagesMiddleware:
    """`Cache-Control: no-store` on every answer to a logged-in user or an API token (a shared
    computer's back button or cache must not show another user's bureau data), and the
    `Permissions-Policy` of the setting on every answer. Static files are served before this
    (WhiteNoise) and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        token = "HTTP_AUTHORIZATION" in request.META
        private = token or (user is not None and user.is_authenticated)
        if private and "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)  # downloads say "private, no-store" themselves
        if settings.PERMISSIONS_POLICY:
            response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
