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


class PendingTask(models.Model):
    """A task that could not be queued because the broker was down (ipcity/queueing.py).

    Published again, oldest first, when a worker starts and every minute from beat; deleted once
    the broker has it. Rows that stay here mean the broker is still unreachable.
    """

    name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    created_at = models.DateTimeField(_("kept at"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts to publish again"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("task waiting for the queue")
        verbose_name_plural = _("tasks waiting for the queue")

    def __str__(self):
        return self.name
