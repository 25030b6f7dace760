from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BureausConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bureaus"
    verbose_name = _("Bureaus and users")

    def ready(self):
        from . import middleware  # noqa: F401 - starts the session clocks at login
