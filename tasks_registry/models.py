"""The 19 key tasks of the plan in their six groups, and which bureaus own them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskGroup(models.Model):
    """One of the six groups (一 to 六) of 重点任务."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=100)
    seed = models.JSONField(default=dict, editable=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("task group")
        verbose_name_plural = _("task groups")

    def __str__(self):
        return f"({'一二三四五六七八九十'[self.number - 1]}) {self.title}"


class KeyTask(models.Model):
    """One of the 19 key tasks, numbered as in the plan."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    group = models.ForeignKey(
        TaskGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="tasks"
    )
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    bureaus = models.ManyToManyField(
        "bureaus.Bureau", through="TaskOwnership", related_name="key_tasks"
    )
    seed = models.JSONField(default=dict, editable=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")

    def __str__(self):
        return f"{self.number}. {self.title}"


class OwnershipRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    COOPERATING = "cooperating", _("Co-operating")


class TaskOwnership(models.Model):
    """A bureau's part in a key task. Loaded defaults are marked until the office edits them."""

    task = models.ForeignKey(
        KeyTask, verbose_name=_("key task"), on_delete=models.CASCADE, related_name="ownerships"
    )
    bureau = models.ForeignKey(
        "bureaus.Bureau",
        verbose_name=_("bureau"),
        on_delete=models.PROTECT,
        related_name="task_ownerships",
    )
    role = models.CharField(_("role"), max_length=12, choices=OwnershipRole.choices)
    is_default = models.BooleanField(
        _("default from the loaded programme"), default=False, editable=False
    )

    class Meta:
        ordering = ["task", "-role", "bureau__order"]
        constraints = [
            models.UniqueConstraint(fields=["task", "bureau"], name="ownership_unique_bureau"),
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(role="lead"),
                name="ownership_one_lead",
            ),
        ]
        verbose_name = _("task ownership")
        verbose_name_plural = _("task ownerships")

    def __str__(self):
        return f"{self.task.number} {self.bureau} ({self.get_role_display()})"
