from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exports"
    verbose_name = _("Reports and exports")

    def ready(self):
        # A register app contributes a section to the assessment report from its own
        # report_sections.py (reports/assembly.py's section registry), as metrics.py does for
        # the progress engine; exports/sections.py holds the contributions made through
        # functions the registers already expose.
        autodiscover_modules("report_sections")
        from . import sections  # noqa: F401

        # Every list export is declared by its app's list_exports.py (registry.py), this app's
        # own included (the period lists).
        autodiscover_modules("list_exports")

        # Text that would break an exported file is dropped as it is saved, whatever saves it.
        from django.db.models.signals import pre_save

        from spreadsheets.xmltext import strip_stored_text

        pre_save.connect(strip_stored_text, dispatch_uid="strip_xml_invalid_text")
