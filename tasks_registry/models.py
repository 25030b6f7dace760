"""The 19 key tasks of the plan in their six groups, who owns them, and their quarterly reports."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workflow.models import Submittable


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


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")


class TaskReport(Submittable):
    """A bureau's quarterly progress report on a key task it leads or co-operates on."""

    task = models.ForeignKey(
        KeyTask, verbose_name=_("key task"), on_delete=models.PROTECT, related_name="reports"
    )
    bureau = models.ForeignKey(
        "bureaus.Bureau",
        verbose_name=_("bureau"),
        on_delete=models.PROTECT,
        related_name="task_reports",
    )
    period = models.ForeignKey(
        "targets.Period",
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="task_reports",
    )
    status = models.CharField(
        _("progress status"),
        max_length=12,
        choices=TaskStatus.choices,
        default=TaskStatus.NOT_STARTED,
    )
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), default=0, validators=[MaxValueValidator(100)]
    )
    work_done = models.TextField(_("work done this quarter"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)

    class Meta:
        ordering = ["period", "task", "bureau"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "bureau", "period"], name="task_report_unique_per_period"
            )
        ]
        verbose_name = _("task report")
        verbose_name_plural = _("task reports")

    def __str__(self):
        return f"{self.task.number} {self.bureau} {self.period}"

    @property
    def label(self) -> str:
        return f"{self.period} {self.task.number}. {self.task.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "reporting:task-report", args=[self.period, self.task.number, self.bureau.code]
        )

    def submission_errors(self) -> dict[str, list[str]]:
        """A report needs at least what was done, and problems when it says it is delayed."""
        errors = {}
        if not self.work_done.strip():
            errors["work_done"] = [_("Please describe the work done this quarter.")]
        if self.status == TaskStatus.DELAYED and not self.problems.strip():
            errors["problems"] = [_("A delayed task needs its problems described.")]
        if self.status == TaskStatus.DONE and self.percent_complete != 100:
            errors["percent_complete"] = [_("A task marked done must be fully complete.")]
        return errors
