from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _seed_categories(sender, using, **kwargs):
    """After the programme's bureaus are loaded (tasks_registry comes first): the assessment's
    default categories, so no page has to create them on a GET."""
    from .assessment_categories import categories

    if using == "default":
        categories()


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from . import dashboard_cache

        dashboard_cache.connect()
        post_migrate.connect(_seed_categories, sender=self)
