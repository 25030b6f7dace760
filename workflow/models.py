"""The submission workflow's states and records, shared by Figures and TaskReports.

draft → submitted → approved, or → returned (with the office's comment) → submitted again;
the office may reopen an approved item (back to returned) with a reason.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


EDITABLE_STATES = (SubmissionState.DRAFT, SubmissionState.RETURNED)
NOT_STARTED = "missing"  # an item owed but never saved (workflow/_state.html: 未开始)


class SubmittableQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The scoping rule: bureau staff see their own bureau's items, the others see all."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_all_bureaus:
            return self
        return self.filter(bureau_id=user.bureau_id)


class Submittable(models.Model):
    """What a Figure and a TaskReport share: a state, a version and their history.

    Subclasses define `bureau` and `period`. `version` rises on every write, so a stale form is
    refused instead of overwriting someone else's save.
    """

    state = models.CharField(
        _("state"), max_length=10, choices=SubmissionState.choices, default=SubmissionState.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    transitions = GenericRelation("workflow.Transition")
    evidence = GenericRelation("workflow.Evidence")
    comments = GenericRelation("workflow.ReviewComment")

    objects = SubmittableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_locked(self) -> bool:
        return self.state == SubmissionState.APPROVED

    @property
    def shown_state(self) -> str:
        """The state a user reads: "missing" (未开始) until first saved, as in the to-do, although
        an unsaved item already holds the draft state it will be saved in."""
        return self.state if self.pk else NOT_STARTED


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    SUBMIT = "submit", _("Submitted")
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned")
    REOPEN = "reopen", _("Reopened")


class ItemRecord(models.Model):
    """A row attached to one submitted item, whichever model it is."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True


class Transition(ItemRecord):
    """One step of an item's history: who did what, when, and why. Never edited."""

    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=10, blank=True)
    to_state = models.CharField(_("to"), max_length=10)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta(ItemRecord.Meta):
        ordering = ["at", "id"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        indexes = [models.Index(fields=["content_type", "object_id"], name="transition_item")]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


def evidence_path(instance, filename: str) -> str:
    """A server-made name: what the user called the file is kept only as `original_name`."""
    import uuid

    return f"evidence/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}"


class Evidence(ItemRecord):
    """A supporting file (PDF, image, Word/Excel/WPS), stored privately, served after a check."""

    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta(ItemRecord.Meta):
        ordering = ["uploaded_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        indexes = [models.Index(fields=["content_type", "object_id"], name="evidence_item")]

    def __str__(self):
        return self.original_name


class ReviewComment(ItemRecord):
    """The office's remark on a submitted value, optionally kept open for follow-up."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    follow_up = models.BooleanField(_("needs follow-up"), default=False)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(ItemRecord.Meta):
        ordering = ["created_at", "id"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        indexes = [models.Index(fields=["content_type", "object_id"], name="comment_item")]

    def __str__(self):
        return self.text[:50]


class Reminder(models.Model):
    """One 催报 to one bureau for one period: sent by the office (`sent_by`) or by the daily job
    (empty), kept with the message and how many items were still owed then (R11.4)."""

    period = models.ForeignKey(
        "targets.Period", verbose_name=_("period"), on_delete=models.CASCADE, related_name="+"
    )
    bureau = models.ForeignKey(
        "bureaus.Bureau", verbose_name=_("bureau"), on_delete=models.CASCADE, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    message = models.TextField(_("message"), blank=True)
    outstanding = models.PositiveIntegerField(_("items still owed"))
    recipients = models.PositiveIntegerField(_("people notified"))

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [models.Index(fields=["period", "bureau"], name="reminder_period_bureau")]

    def __str__(self):
        return f"{self.period} {self.bureau}"
