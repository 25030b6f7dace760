from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


def _status_thresholds(sender, using, **kwargs):
    """Every migrate (and every test database flush) leaves the default thresholds in place;
    a row the office confirmed or changed is kept as it is."""
    from .models import StatusThresholds

    if using == "default":
        StatusThresholds.objects.get_or_create(pk=1)


class TargetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "targets"
    verbose_name = _("Targets and figures")

    def ready(self):
        # Every app registers its countable facts from its own metrics.py (targets/metrics.py).
        autodiscover_modules("metrics")
        post_migrate.connect(_status_thresholds, sender=self)
