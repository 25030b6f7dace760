"""The 19 key tasks of the plan in their six groups, who owns them, and their quarterly reports."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.provenance import Confirmable, Provenance
from core.versioning import Versioned
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

    @property
    def cooperating_await_confirmation(self) -> bool:
        """Whether a co-operating owner (of the prefetched `owners`) is still a default."""
        owners = getattr(self, "owners", [])
        return any(o.awaits_confirmation for o in owners if o.role != OwnershipRole.LEAD)


class OwnershipRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    COOPERATING = "cooperating", _("Co-operating")


def _held_from_by(period) -> models.Q:
    """The row began at or before the period (no start: it held from the programme's start)."""
    return (
        models.Q(from_period__isnull=True)
        | models.Q(from_period__year__lt=period.year)
        | models.Q(from_period__year=period.year, from_period__quarter__lte=period.quarter)
    )


def _held_until_at_least(period) -> models.Q:
    """The row still held in the period (no end: it still holds)."""
    return (
        models.Q(until_period__isnull=True)
        | models.Q(until_period__year__gt=period.year)
        | models.Q(until_period__year=period.year, until_period__quarter__gte=period.quarter)
    )


class TaskOwnershipQuerySet(models.QuerySet):
    def held_in(self, period):
        """The rows that held in the period: what a bureau owes for it follows these."""
        return self.filter(_held_from_by(period) & _held_until_at_least(period))

    def open(self):
        """The rows not yet ended: the task's owners now and from a coming period."""
        return self.filter(until_period__isnull=True)


class TaskOwnership(Confirmable):
    """A bureau's part in a key task from one period (and until one). A change ends the row and
    opens a new one, so what a bureau owed for a past quarter never changes afterwards.
    Loaded defaults are marked until the office confirms or changes them (R4.2)."""

    CONFIRMED_FIELDS = ("bureau", "role")

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
    from_period = models.ForeignKey(
        "targets.Period",
        verbose_name=_("holds from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: from the start of the programme."),
    )
    until_period = models.ForeignKey(
        "targets.Period",
        verbose_name=_("holds until"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The last period it held; empty: it still holds."),
    )

    objects = TaskOwnershipQuerySet.as_manager()

    class Meta:
        ordering = ["task", "-role", "bureau__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "bureau"],
                condition=models.Q(until_period__isnull=True),
                name="ownership_unique_open_bureau",
            ),
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(role="lead", until_period__isnull=True),
                name="ownership_one_open_lead",
            ),
        ]
        verbose_name = _("task ownership")
        verbose_name_plural = _("task ownerships")

    def __str__(self):
        return f"{self.task.number} {self.bureau} ({self.get_role_display()})"

    @property
    def awaits_confirmation(self) -> bool:
        return self.is_default and self.confirmed_at is None

    @property
    def provenance(self) -> Provenance:
        """A row the office made (a change of owners) is its own, not a confirmed default."""
        return super().provenance if self.is_default else Provenance.OFFICE


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
    # Who changed what, when, on every path (pages, API, admin): MLPS 8.1.4.3.
    history = HistoricalRecords()

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


# Activities, supervision items (督办) and leader instructions (批示) -----------------------------


class BureauScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Bureau staff see their own bureau's records; the office, leaders and admins see all."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_all_bureaus:
            return self
        return self.filter(bureau_id=user.bureau_id)


class ActivityKind(models.TextChoices):
    EVENT = "event", _("Publicity event")
    TRAINING = "training", _("Training or lecture")


class AudienceKind(models.TextChoices):
    ENTERPRISES = "enterprises", _("Enterprises")
    SCHOOLS = "schools", _("Schools")
    COMMUNITIES = "communities", _("Communities")
    ONLINE = "online", _("Online")
    CADRES = "cadres", _("Officials and cadres")
    PUBLIC = "public", _("General public")
    OTHER = "other", _("Other")


class Activity(Versioned):
    """A publicity event (宣传活动) or a training/lecture (培训讲座) a bureau held."""

    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    bureau = models.ForeignKey(
        "bureaus.Bureau",
        verbose_name=_("organising bureau"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    task = models.ForeignKey(
        KeyTask,
        verbose_name=_("key task"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    audience = models.CharField(_("audience"), max_length=12, choices=AudienceKind.choices)
    person_times = models.PositiveIntegerField(_("attendance (person-times)"), default=0)
    place = models.CharField(_("place"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Without evidence an activity counts in the assessment only once the office confirms it.
    office_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by the office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    office_confirmed_at = models.DateTimeField(
        _("confirmed by the office at"), null=True, blank=True, editable=False
    )
    evidence = GenericRelation("workflow.Evidence")

    objects = BureauScopedQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["kind", "date"], name="activity_kind_date")]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("tasks_registry:activity-detail", args=[self.pk])


class Inspection(models.Model):
    """A supervision inspection (督导检查) of a bureau or town; its findings become items."""

    date = models.DateField(_("date"))
    bureau = models.ForeignKey(
        "bureaus.Bureau",
        verbose_name=_("inspected bureau or town"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspectors = models.CharField(_("inspectors"), max_length=300)
    findings = models.TextField(_("findings"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("supervision inspection")
        verbose_name_plural = _("supervision inspections")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.bureau}"


class JointMeeting(models.Model):
    """A joint meeting (联席会议) of the leading group; its decisions become items."""

    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    attendees = models.TextField(_("attendees"))
    decisions = models.TextField(_("decisions"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class LeaderInstruction(models.Model):
    """A leader's instruction (批示) on a key task, a task report or an indicator."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("instruction"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    target_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("leader instruction")
        verbose_name_plural = _("leader instructions")

    def __str__(self):
        return self.text[:50]


class SupervisionSource(models.TextChoices):
    INSPECTION = "inspection", _("Supervision inspection")
    JOINT_MEETING = "joint_meeting", _("Joint meeting")
    INSTRUCTION = "instruction", _("Leader instruction")
    REPORTED_PROBLEM = "reported_problem", _("Problem in a task report")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")
    VERY_URGENT = "very_urgent", _("Very urgent")


class ReportingFrequency(models.TextChoices):
    ONCE = "once", _("Once, when done")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class SupervisionStatus(models.TextChoices):
    """Stored states. "Overdue" is not stored: it is an open item past its deadline."""

    OPEN = "open", pgettext_lazy("supervision status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


OVERDUE = "overdue"
OVERDUE_LABEL = _("Overdue")


class SupervisionItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see the items their bureau leads or co-operates on; the others see all."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_all_bureaus:
            return self
        return self.filter(
            models.Q(lead_bureau_id=user.bureau_id) | models.Q(cooperating_bureaus=user.bureau_id)
        ).distinct()

    def overdue(self, today):
        return self.exclude(status=SupervisionStatus.DONE).filter(deadline__lt=today)


class SupervisionItem(models.Model):
    """督办事项: one thing the office follows up, whatever it came from."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=SupervisionSource.choices)
    source_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField()
    source_record = GenericForeignKey("source_type", "source_id")
    lead_bureau = models.ForeignKey(
        "bureaus.Bureau",
        verbose_name=_("lead bureau"),
        on_delete=models.PROTECT,
        related_name="supervision_items",
    )
    cooperating_bureaus = models.ManyToManyField(
        "bureaus.Bureau",
        verbose_name=_("co-operating bureaus"),
        blank=True,
        related_name="cooperating_supervision_items",
    )
    deadline = models.DateField(_("deadline"))
    urgency = models.CharField(
        _("urgency"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    frequency = models.CharField(
        _("reporting frequency"),
        max_length=10,
        choices=ReportingFrequency.choices,
        default=ReportingFrequency.ONCE,
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SupervisionStatus.choices,
        default=SupervisionStatus.OPEN,
    )
    completed_at = models.DateTimeField(_("reported done at"), null=True, blank=True)
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sign_off_comment = models.TextField(_("sign-off comment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SupervisionItemQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["source_type", "source_id"], name="supervision_source"),
            models.Index(fields=["status", "deadline"], name="supervision_status_deadline"),
        ]
        verbose_name = _("supervision item")
        verbose_name_plural = _("supervision items")

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tasks_registry:supervision-detail", args=[self.pk])

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    def remaining_days(self, today) -> int:
        """Days until the deadline; negative once it has passed."""
        return (self.deadline - today).days

    def is_overdue(self, today) -> bool:
        return self.status != SupervisionStatus.DONE and self.deadline < today

    def display_status(self, today) -> str:
        return OVERDUE if self.is_overdue(today) else self.status

    def display_status_label(self, today) -> str:
        if self.is_overdue(today):
            return OVERDUE_LABEL
        return self.get_status_display()

    def done_on_time(self) -> bool:
        """Signed off, and reported done by its deadline."""
        return bool(
            self.is_signed_off
            and self.completed_at
            and timezone.localdate(self.completed_at) <= self.deadline
        )


class SupervisionUpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        items = SupervisionItem.objects.visible_to(user)
        return self.filter(item__in=items.values("pk"))


class SupervisionUpdate(models.Model):
    """A bureau's progress report on a supervision item, with attachments."""

    item = models.ForeignKey(
        SupervisionItem,
        verbose_name=_("supervision item"),
        on_delete=models.CASCADE,
        related_name="updates",
    )
    bureau = models.ForeignKey(
        "bureaus.Bureau",
        verbose_name=_("bureau"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("progress"))
    reports_done = models.BooleanField(_("reports the item done"), default=False)
    # The office sending an item back is an update too, so the item's state on any past day
    # can be read from its updates (rulebook R8.5).
    sends_back = models.BooleanField(_("sends the item back"), default=False)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    evidence = GenericRelation("workflow.Evidence")

    objects = SupervisionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("supervision update")
        verbose_name_plural = _("supervision updates")

    def __str__(self):
        return self.text[:50]
