"""The libraries' apps under Chinese names: axes and django-otp ship no Chinese, and django-otp
does not mark its model's name for translation, so the admin index read "AXES – Access attempts"
and "OTP_TOTP – TOTP devices". The words are marked here, where makemessages finds them."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class LoginLockoutsConfig(AxesAppConfig):
    verbose_name = _("Login lockouts")


class AuthenticatorsConfig(TOTPAppConfig):
    verbose_name = _("Second factor")

    def ready(self):
        super().ready()
        device = self.get_model("TOTPDevice")._meta
        device.verbose_name, device.verbose_name_plural = _("authenticator"), _("authenticators")


# axes's own words, translated in our catalogue (its models call gettext on them).
LIBRARY_WORDS = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Expires At"),
    gettext_noop("Logout Time"),
    # Django's admin: headers for screen readers that its Chinese catalogue lacks.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
]
