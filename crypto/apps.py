from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


class CryptoConfig(AppConfig):
    name = "crypto"
    verbose_name = "国密 field encryption"

    def ready(self):
        checks.register(keys_configured)


def keys_configured(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A missing or malformed key stops `migrate` and `check` (so the container), not a page."""
    from .keys import provider

    provider.cache_clear()
    try:
        provider()
    except (ImproperlyConfigured, ImportError) as error:
        return [checks.Error(str(error), id="crypto.E001")]
    return []
