"""The enforcement case register: cases, their full-process record, transfers and campaigns.

Every status change and every other event of a case is a CaseStep (全过程记录), written only by
enforcement/services.py and never changed afterwards: a mistake is put right by a new step. Steps
being append-only need no history of their own; the case keeps one (old and new values, user).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bureaus.models import Bureau, BureauKind
from bureaus.validators import (
    normalise_id_number,
    normalise_uscc,
    validate_id_number,
    validate_uscc,
)
from core.versioning import Versioned
from crypto.fields import BlindIndexField, EncryptedTextField

ZERO = Decimal("0")


class IPType(models.TextChoices):
    PATENT = "patent", _("Patent")
    TRADEMARK = "trademark", _("Trademark")
    COPYRIGHT = "copyright", _("Copyright")
    GEOGRAPHICAL_INDICATION = "gi", _("Geographical indication")
    PLANT_VARIETY = "plant_variety", _("Plant variety")
    TRADE_SECRET = "trade_secret", _("Trade secret")
    OTHER = "other", _("Other")


class Proceeding(models.TextChoices):
    ADMINISTRATIVE = "administrative", _("Administrative")
    CRIMINAL = "criminal", _("Criminal")
    CIVIL = "civil", _("Civil / judicial")
    MEDIATION = "mediation", _("Mediation")
    CUSTOMS = "customs", _("Customs")


class Source(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint or report")
    INSPECTION = "inspection", _("Inspection")
    TRANSFER = "transfer", _("Transfer from another agency")
    ECOMMERCE = "ecommerce", _("E-commerce platform")
    EXHIBITION = "exhibition", _("Exhibition")
    CUSTOMS = "customs", _("Customs")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    INVESTIGATING = "investigating", _("Investigating")
    LEGAL_REVIEW = "legal_review", _("Legal review")
    DECIDED = "decided", _("Decided")
    PUBLICISED = "publicised", _("Publicised")
    CLOSED = "closed", _("Closed")
    TRANSFERRED = "transferred", _("Transferred")


class Campaign(models.Model):
    """A special enforcement campaign (专项行动) that cases are linked to."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    lead_bureau = models.ForeignKey(
        Bureau,
        verbose_name=_("lead bureau"),
        on_delete=models.PROTECT,
        related_name="enforcement_campaigns",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self):
        return self.name

    def clean(self):
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot be before the start.")})


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The scoping rule, the one place it lives.

        The office, leaders and administrators see every case. Any other user (bureau, court,
        procuratorate, zone or town staff alike) sees the cases their own bureau handles and those
        transferred to it; a court's or procuratorate's own cases are their own proceedings.
        """
        if not user.is_authenticated:
            return self.none()
        if user.sees_all_bureaus:
            return self
        if user.bureau_id is None:
            return self.none()
        transferred_here = Transfer.objects.filter(case=OuterRef("pk"), to_bureau=user.bureau_id)
        return self.filter(Q(bureau_id=user.bureau_id) | Q(Exists(transferred_here)))


class Case(Versioned, models.Model):
    number = models.CharField(
        _("case number"),
        max_length=60,
        unique=True,
        help_text=_("The handling bureau's own case number."),
    )
    title = models.CharField(_("case name"), max_length=200)
    ip_type = models.CharField(_("IP type"), max_length=20, choices=IPType.choices)
    proceeding = models.CharField(_("proceeding"), max_length=20, choices=Proceeding.choices)
    source = models.CharField(_("case source"), max_length=20, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.FILED
    )
    bureau = models.ForeignKey(
        Bureau,
        verbose_name=_("handling bureau"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    town = models.ForeignKey(
        Bureau,
        verbose_name=_("town"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="town_cases",
        limit_choices_to={"kind": BureauKind.TOWN},
    )
    # Personal data when the respondent is a person: encrypted at rest (SM4-GCM), found by an
    # exact match on the blind index beside it (crypto/fields.py).
    respondent_name = EncryptedTextField(_("respondent"), max_length=200)
    respondent_name_index = BlindIndexField(source="respondent_name")
    respondent_id_number = EncryptedTextField(
        _("respondent's ID number"),
        max_length=18,
        blank=True,
        help_text=_("Resident identity card number, when the respondent is a person."),
    )
    respondent_id_number_index = BlindIndexField(source="respondent_id_number")
    respondent_is_company = models.BooleanField(_("respondent is a company"), default=True)
    respondent_uscc = models.CharField(
        _("respondent's unified social credit code"), max_length=18, blank=True
    )
    right_holder = models.CharField(_("right holder"), max_length=200, blank=True)
    filed_on = models.DateField(_("filed on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    illegal_gains = models.DecimalField(
        _("illegal gains (yuan)"), max_digits=18, decimal_places=2, default=ZERO
    )
    fine = models.DecimalField(_("fine (yuan)"), max_digits=18, decimal_places=2, default=ZERO)
    confiscation = models.DecimalField(
        _("confiscation (yuan)"), max_digits=18, decimal_places=2, default=ZERO
    )
    damages = models.DecimalField(
        _("damages awarded (yuan)"), max_digits=18, decimal_places=2, default=ZERO
    )
    punitive_damages = models.BooleanField(_("punitive damages"), default=False)
    goods_seized = models.CharField(
        _("goods seized"), max_length=200, blank=True, help_text=_("What, and how many.")
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    joint_enforcement = models.BooleanField(_("joint enforcement"), default=False)
    credit_flag = models.BooleanField(
        _("abnormal application or bad-faith filing"),
        default=False,
        help_text=_(
            "Abnormal patent application or bad-faith trademark filing (credit supervision)."
        ),
    )
    summary = models.TextField(_("case summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CaseQuerySet.as_manager()
    # Old and new values of every change and who made it (issue 9). The steps below say what
    # happened in the case's life; this says exactly which particulars changed, from what.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["bureau", "filed_on"], name="case_bureau_filed"),
            models.Index(fields=["filed_on", "id"], name="case_filed"),
            models.Index(fields=["decided_on"], name="case_decided"),
            models.Index(fields=["closed_on"], name="case_closed"),
            models.Index(fields=["status"], name="case_status"),
            models.Index(fields=["ip_type"], name="case_ip_type"),
            models.Index(fields=["proceeding"], name="case_proceeding"),
            models.Index(fields=["source"], name="case_source"),
            models.Index(fields=["respondent_uscc"], name="case_uscc"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(illegal_gains__gte=0)
                & Q(fine__gte=0)
                & Q(confiscation__gte=0)
                & Q(damages__gte=0),
                name="case_amounts_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("enforcement:case-detail", args=[self.pk])

    @property
    def days_to_decision(self) -> int | None:
        if self.decided_on is None:
            return None
        return (self.decided_on - self.filed_on).days

    def clean(self):
        errors = {}
        self.respondent_uscc = normalise_uscc(self.respondent_uscc)
        if self.respondent_is_company and self.respondent_uscc:
            try:
                validate_uscc(self.respondent_uscc)
            except ValidationError as error:
                errors["respondent_uscc"] = error.messages
        if not self.respondent_is_company and self.respondent_uscc:
            errors["respondent_uscc"] = [
                _("A unified social credit code is given only when the respondent is a company.")
            ]
        self.respondent_id_number = normalise_id_number(self.respondent_id_number)
        if self.respondent_id_number:
            if self.respondent_is_company:
                errors["respondent_id_number"] = [
                    _("An ID number is given only when the respondent is a person.")
                ]
            else:
                try:
                    validate_id_number(self.respondent_id_number)
                except ValidationError as error:
                    errors["respondent_id_number"] = error.messages
        if self.town_id and self.town.kind != BureauKind.TOWN:
            errors["town"] = [_("Choose a town or sub-district.")]
        if errors:
            raise ValidationError(errors)


class StepKind(models.TextChoices):
    STATUS = "status", _("Status change")
    NOTE = "note", _("Progress note")
    CORRECTION = "correction", _("Correction")
    TRANSFER = "transfer", _("Transfer")
    ACCEPT = "accept", _("Transfer accepted")
    IMPORT = "import", _("Imported")


class AppendOnly(Exception):
    """Raised when something tries to change or delete a step of the full-process record."""


class CaseStepQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("Case steps are never changed: add a correcting step instead.")

    def delete(self):
        raise AppendOnly("Case steps are never deleted: add a correcting step instead.")


class CaseStep(models.Model):
    """One entry of a case's full-process record: who did what, when. Never edited or deleted."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="steps"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=CaseStatus.choices, blank=True)
    happened_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    bureau = models.ForeignKey(
        Bureau, verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="+", null=True
    )
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = CaseStepQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        indexes = [models.Index(fields=["case", "at"], name="casestep_case")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.happened_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("Case steps are never changed: add a correcting step instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("Case steps are never deleted: add a correcting step instead.")


def attachment_path(instance, filename: str) -> str:
    """A server-made name: what the user called the file is kept only as `original_name`."""
    import uuid

    return f"cases/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}"


class CaseAttachment(models.Model):
    """A file of a step (decision, notice, photo), checked by content, served after scoping."""

    step = models.ForeignKey(
        CaseStep, verbose_name=_("step"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted")


class Transfer(models.Model):
    """A case handed to another agency (e.g. market regulation → public security)."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_bureau = models.ForeignKey(
        Bureau, verbose_name=_("from"), on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_bureau = models.ForeignKey(
        Bureau, verbose_name=_("to"), on_delete=models.PROTECT, related_name="transfers_in"
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TransferStatus.choices,
        default=TransferStatus.PENDING,
    )
    transferred_on = models.DateField(_("transferred on"))
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("transferred by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-transferred_on", "-id"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        indexes = [
            models.Index(fields=["to_bureau", "case"], name="transfer_to"),
            models.Index(fields=["transferred_on"], name="transfer_on"),
        ]
        constraints = [
            # One transfer of a case at a time: a case is handed on once, and counted once.
            models.UniqueConstraint(fields=["case"], name="transfer_once_per_case"),
        ]

    def __str__(self):
        return f"{self.case.number}: {self.from_bureau} → {self.to_bureau}"
