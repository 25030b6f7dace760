from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """The last time each periodic job actually ran on a worker: proof that beat and worker live."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    last_run = models.DateTimeField(_("last run"))
    hostname = models.CharField(_("worker"), max_length=200, blank=True)
    runs = models.PositiveBigIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return self.name
