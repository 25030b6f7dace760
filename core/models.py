"""The few rows the portal keeps about itself."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoData(models.Model):
    """Present once `load_demo` has filled the database with demo data (R4.5): every page and
    every exported file then says 演示数据, so no demo figure passes for a real one."""

    loaded_at = models.DateTimeField(_("demo data loaded at"))

    class Meta:
        verbose_name = _("demo data mark")
        verbose_name_plural = _("demo data mark")

    def __str__(self):
        return f"{self.loaded_at:%Y-%m-%d %H:%M}"
