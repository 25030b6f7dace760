from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _one_requirement_per_role(sender, **kwargs):
    """Every role listed in the second-factor table, also after a test database is flushed."""
    from .models import Role, SecondFactorRequirement

    for role in Role.values:
        SecondFactorRequirement.objects.get_or_create(role=role)


class BureausConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bureaus"
    verbose_name = _("Bureaus and users")

    def ready(self):
        from . import middleware  # noqa: F401 - starts the session clocks at login

        post_migrate.connect(_one_requirement_per_role, sender=self)
