from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "targets"
    verbose_name = _("Targets and figures")

    def ready(self):
        # Every app registers its countable facts from its own metrics.py (targets/metrics.py).
        autodiscover_modules("metrics")
