from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_programme(sender, using, **kwargs):
    """Every migrate (and every test database flush) leaves the plan loaded."""
    from .programme import load_programme

    if using == "default":
        load_programme()


class TasksRegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tasks_registry"
    verbose_name = _("Key tasks")

    def ready(self):
        post_migrate.connect(_load_programme, sender=self)
