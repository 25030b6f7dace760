"""Session lifetime, the second factor and forced password changes (MLPS 8.1.4.1: 登录失败处理,
双因素, 口令定期更换)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from . import second_factor

STARTED = "_session_started"
LAST_SEEN = "_session_last_seen"
# Write the last-seen time at most this often, not on every request.
LAST_SEEN_RESOLUTION = 30

SESSION_EXPIRED = _("Your session has expired. Please log in again.")
PASSWORD_CHANGE_REQUIRED = _(
    "Please set a new password before you continue: your password was set by an administrator "
    "or is older than %(days)s days."
)
SECOND_FACTOR_REQUIRED = _("Enter the code from your authenticator app to finish logging in.")
ENROLMENT_REQUIRED = _(
    "Your role must log in with a second factor: set up an authenticator app before you continue."
)


@receiver(user_logged_in)
def start_session_clocks(sender, request, user, **kwargs):
    """Both clocks start at login (saved with the login's new session)."""
    if request is not None and hasattr(request, "session"):
        request.session[STARTED] = request.session[LAST_SEEN] = time.time()


class SessionTimeoutMiddleware:
    """Log out after SESSION_IDLE_SECONDS without a request, and SESSION_ABSOLUTE_SECONDS after
    login whatever the activity. The session cookie's own age is the absolute lifetime too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.get(STARTED, now)
            last_seen = session.get(LAST_SEEN, now)
            if now - last_seen > settings.SESSION_IDLE_SECONDS:
                self._expire(request, "idle")
            elif now - started > settings.SESSION_ABSOLUTE_SECONDS:
                self._expire(request, "absolute")
            else:
                session.setdefault(STARTED, now)
                if now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN not in session:
                    session[LAST_SEEN] = now
        return self.get_response(request)

    @staticmethod
    def _expire(request, reason: str) -> None:
        request.logout_reason = reason
        logout(request)  # flushes the session; request.user becomes anonymous
        messages.info(request, SESSION_EXPIRED)


class SecondFactorMiddleware:
    """After the password, a user with a device must type its code, and a user whose role requires
    a second factor must enrol one, before any other page, the admin included; the API answers
    403 to such a session (token clients carry no session and are not affected)."""

    exempt_prefixes = ("/i18n/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not self._exempt(request):
            pending = second_factor.state(request)
            if pending in (second_factor.VERIFY, second_factor.ENROL):
                return self._hold(request, pending)
        return self.get_response(request)

    @staticmethod
    def _hold(request, pending: str):
        verifying = pending == second_factor.VERIFY
        message = SECOND_FACTOR_REQUIRED if verifying else ENROLMENT_REQUIRED
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(message)}, status=403)
        target = reverse("second-factor-verify" if verifying else "second-factor-enrol")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)

    def _exempt(self, request) -> bool:
        allowed = {
            reverse("second-factor-verify"),
            reverse("second-factor-enrol"),
            reverse("logout"),
        }
        return request.path in allowed or request.path.startswith(self.exempt_prefixes)


class PasswordChangeRequiredMiddleware:
    """A user whose password must change (set by an administrator, or too old) is sent to the
    change-password page before anything else; the API answers 403 until then."""

    exempt_prefixes = ("/i18n/", "/static/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password and not self._exempt(request):
            message = PASSWORD_CHANGE_REQUIRED % {"days": settings.PASSWORD_MAX_AGE_DAYS}
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": str(message)}, status=403)
            target = reverse("password_change")
            if request.method == "GET":
                target += "?" + urlencode({"next": request.get_full_path()})
            messages.warning(request, message)
            return redirect(target)
        return self.get_response(request)

    def _exempt(self, request) -> bool:
        allowed = {
            reverse("password_change"),
            reverse("password_change_done"),
            reverse("logout"),
            # SecondFactorMiddleware keeps the user there until the code is given.
            reverse("second-factor-verify"),
            reverse("second-factor-enrol"),
        }
        return request.path in allowed or request.path.startswith(self.exempt_prefixes)
