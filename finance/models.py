"""Enterprises, IP pledge loans, interest subsidies, IP insurance and programme funding.

Every record is kept by one bureau (`bureau`, or its loan's / budget line's bureau): its staff see
and change it, the office, leaders and the administrator read it, and nobody else knows it exists.
That rule is `visible_to(user)`, defined once per model below; every page, API view and export
starts from it.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bureaus.models import BureauKind
from bureaus.validators import normalise_uscc, validate_uscc
from core.versioning import Versioned
from crypto.fields import EncryptedTextField
from ipcity.money import MoneySum

from .validators import (
    clean_number_list,
    normalise_patent_number,
    normalise_trademark_number,
    validate_patent_number,
    validate_trademark_number,
)

CENT = Decimal("0.01")
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]
PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def money(verbose_name, **kwargs) -> models.DecimalField:
    """Yuan, never float."""
    return models.DecimalField(
        verbose_name, max_digits=18, decimal_places=2, validators=NON_NEGATIVE, **kwargs
    )


class KeptQuerySet(models.QuerySet):
    """The scoping rule: staff see the records their bureau keeps; the readers see all."""

    bureau_path = "bureau"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.sees_all_bureaus:
            return self
        if user.bureau_id is None:
            return self.none()
        return self.filter(**{f"{self.bureau_path}_id": user.bureau_id})


class Kept(models.Model):
    """A record kept by a bureau, with who changed it last."""

    bureau = models.ForeignKey(
        "bureaus.Bureau",
        verbose_name=_("kept by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = KeptQuerySet.as_manager()

    class Meta:
        abstract = True


# ---------------------------------------------------------------------------------------------
# Enterprises


class IndustryCluster(models.Model):
    """An industry cluster of the district's "2335" system (editable data, seeded from the plan)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveIntegerField(_("display order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("industry cluster")
        verbose_name_plural = _("industry clusters")

    def __str__(self):
        return self.name


class IPStatus(models.TextChoices):
    NONE = "", _("None")
    DEMONSTRATION = "demonstration", _("IP demonstration enterprise")
    ADVANTAGE = "advantage", _("IP advantage enterprise")


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    MUNICIPAL = "municipal", _("Municipal")
    DISTRICT = "district", _("District")


# What indicator 3.2 counts: 市级及以上.
MUNICIPAL_OR_HIGHER = (Level.NATIONAL, Level.MUNICIPAL)


class EnterpriseQuerySet(KeptQuerySet):
    def recognised_at(self, day: datetime.date):
        """Demonstration or advantage enterprises, municipal or higher, recognised by `day`."""
        return self.filter(recognised_q(day))

    def certified_at(self, day: datetime.date):
        """Enterprises holding a valid GB/T 29490 (贯标) certificate on `day`."""
        return self.filter(certified_q(day))


def recognised_q(day: datetime.date, prefix: str = "") -> Q:
    """The status counts from the year it was granted (the list is published during that year)."""
    return Q(
        **{
            f"{prefix}ip_status__in": [IPStatus.DEMONSTRATION, IPStatus.ADVANTAGE],
            f"{prefix}ip_status_level__in": MUNICIPAL_OR_HIGHER,
            f"{prefix}ip_status_year__lte": day.year,
        }
    )


def certified_q(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}standard_certified_on__lte": day}) & (
        Q(**{f"{prefix}standard_valid_until__isnull": True})
        | Q(**{f"{prefix}standard_valid_until__gte": day})
    )


class Enterprise(Versioned, Kept):
    """An enterprise of the district that the programme follows."""

    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_uscc],
        help_text=_("18 characters, as on the business licence."),
    )
    town = models.ForeignKey(
        "bureaus.Bureau",
        verbose_name=_("town / sub-district"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": BureauKind.TOWN},
        related_name="+",
    )
    cluster = models.ForeignKey(
        IndustryCluster,
        verbose_name=_("industry cluster"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enterprises",
    )
    is_high_tech = models.BooleanField(_("high-tech enterprise"), default=False)
    is_above_size = models.BooleanField(_("above designated size"), default=False)
    is_listed = models.BooleanField(_("listed"), default=False)
    standard_certified_on = models.DateField(
        _("IP-management standard certified on"),
        null=True,
        blank=True,
        help_text=_("GB/T 29490 (贯标) certificate date."),
    )
    standard_valid_until = models.DateField(_("certificate valid until"), null=True, blank=True)
    ip_status = models.CharField(
        _("demonstration / advantage status"),
        max_length=20,
        choices=IPStatus.choices,
        blank=True,
        default=IPStatus.NONE,
    )
    ip_status_level = models.CharField(
        _("status level"), max_length=10, choices=Level.choices, blank=True
    )
    ip_status_year = models.PositiveSmallIntegerField(
        _("status year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    # A contact person and phone: personal data, encrypted at rest (SM4-GCM, crypto/fields.py).
    contact = EncryptedTextField(_("contact"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = EnterpriseQuerySet.as_manager()
    history = HistoricalRecords()  # old and new values and the user (issue 9)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("finance:enterprise-detail", args=[self.pk])

    def clean(self):
        self.uscc = normalise_uscc(self.uscc)
        self.name = (self.name or "").strip()
        errors = {}
        if self.town_id and self.town.kind != BureauKind.TOWN:
            errors["town"] = _("Choose a town or sub-district.")
        if self.ip_status and not (self.ip_status_level and self.ip_status_year):
            errors["ip_status_level"] = _("Give the level and year of the status.")
        if not self.ip_status:
            self.ip_status_level, self.ip_status_year = "", None
        if self.standard_valid_until and not self.standard_certified_on:
            errors["standard_certified_on"] = _("Give the certification date.")
        if (
            self.standard_valid_until
            and self.standard_certified_on
            and self.standard_valid_until < self.standard_certified_on
        ):
            errors["standard_valid_until"] = _("The certificate cannot expire before it is issued.")
        if errors:
            raise ValidationError(errors)

    @property
    def categories(self) -> list[str]:
        flags = [
            (self.is_high_tech, _("High-tech")),
            (self.is_above_size, _("Above size")),
            (self.is_listed, _("Listed")),
        ]
        return [str(label) for flag, label in flags if flag]


# ---------------------------------------------------------------------------------------------
# Pledge loans


class LoanStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REPAID = "repaid", _("Repaid")
    OVERDUE = "overdue", _("Overdue")
    DEFAULTED = "defaulted", _("Defaulted")


def outstanding_q(day: datetime.date, prefix: str = "") -> Q:
    """THE rule for what a loan owes on `day` (its Python twin is PledgeLoan.is_outstanding_on).

    A loan is outstanding, for its whole principal, from its start date until the day it is
    closed: repaid, or written off after a default. Until then it counts whatever its status:
    an overdue loan, an active one past maturity, or a defaulted one still being recovered are
    all still owed. The principal is repaid at once (IP pledge loans are bullet loans).
    """
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    )


class PledgeLoanQuerySet(KeptQuerySet):
    def outstanding_at(self, day: datetime.date):
        return self.filter(outstanding_q(day))

    def amount_outstanding_at(self, day: datetime.date) -> Decimal:
        return self.aggregate(total=MoneySum("amount", filter=outstanding_q(day)))["total"]


class PledgeLoan(Versioned, Kept):
    """知识产权质押融资: a bank loan secured on an enterprise's patents and/or trademarks."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="loans"
    )
    lender = models.CharField(_("lender bank"), max_length=100)
    amount = money(_("amount (yuan)"))
    rate = models.DecimalField(
        _("annual interest rate (%)"), max_digits=6, decimal_places=3, validators=PERCENT
    )
    start_date = models.DateField(_("start date"))
    maturity_date = models.DateField(_("maturity date"))
    registration_number = models.CharField(
        _("pledge registration number"),
        max_length=50,
        blank=True,
        help_text=_("The number of CNIPA's pledge registration notice."),
    )
    patent_numbers = models.TextField(
        _("pledged patents"),
        blank=True,
        help_text=_("Patent numbers such as ZL202310123456.6, one per line."),
    )
    trademark_numbers = models.TextField(
        _("pledged trademarks"),
        blank=True,
        help_text=_("Trademark registration numbers, one per line."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LoanStatus.choices, default=LoanStatus.ACTIVE
    )
    closed_on = models.DateField(
        _("repaid or written off on"),
        null=True,
        blank=True,
        help_text=_("From this day the loan is no longer outstanding."),
    )
    risk_share = models.DecimalField(
        _("risk-sharing share (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
        help_text=_("The share of a loss borne by the district's risk pool."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = PledgeLoanQuerySet.as_manager()
    history = HistoricalRecords()  # old and new values and the user (issue 9)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("pledge loan")
        verbose_name_plural = _("pledge loans")
        indexes = [models.Index(fields=["start_date", "closed_on"], name="loan_outstanding")]

    def __str__(self):
        return f"{self.enterprise} · {self.lender} · {self.start_date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("finance:loan-detail", args=[self.pk])

    def is_outstanding_on(self, day: datetime.date) -> bool:
        """outstanding_q in Python, for one loan already in memory."""
        return self.start_date <= day and (self.closed_on is None or self.closed_on > day)

    def outstanding_at(self, day: datetime.date) -> Decimal:
        return self.amount if self.is_outstanding_on(day) else Decimal("0.00")

    def interest_due(self, start: datetime.date, end: datetime.date) -> Decimal:
        """Simple interest (actual/365) for the days from `start` to `end` inclusive on which the
        loan is outstanding: what the enterprise really owes the bank for that time."""
        first = max(start, self.start_date)
        last = end if self.closed_on is None else min(end, self.closed_on - datetime.timedelta(1))
        days = (last - first).days + 1
        if days <= 0:
            return Decimal("0.00")
        interest = self.amount * self.rate / Decimal(100) * Decimal(days) / Decimal(365)
        return interest.quantize(CENT, rounding=ROUND_HALF_UP)

    @property
    def patent_list(self) -> list[str]:
        return [n for n in self.patent_numbers.splitlines() if n]

    @property
    def trademark_list(self) -> list[str]:
        return [n for n in self.trademark_numbers.splitlines() if n]

    def clean(self):
        errors: dict[str, list] = {}
        self.patent_numbers, bad = clean_number_list(
            self.patent_numbers, normalise_patent_number, validate_patent_number
        )
        if bad:
            errors["patent_numbers"] = bad
        self.trademark_numbers, bad = clean_number_list(
            self.trademark_numbers, normalise_trademark_number, validate_trademark_number
        )
        if bad:
            errors["trademark_numbers"] = bad
        if not errors and not (self.patent_numbers or self.trademark_numbers):
            errors["patent_numbers"] = [_("Give at least one pledged patent or trademark.")]
        if self.start_date and self.maturity_date and self.maturity_date <= self.start_date:
            errors["maturity_date"] = [_("The maturity date must be after the start date.")]
        if self.status == LoanStatus.REPAID and not self.closed_on:
            errors["closed_on"] = [_("Give the date the loan was repaid.")]
        if self.status in (LoanStatus.ACTIVE, LoanStatus.OVERDUE) and self.closed_on:
            errors["closed_on"] = [_("An active or overdue loan has not been closed.")]
        if self.closed_on and self.start_date and self.closed_on < self.start_date:
            errors["closed_on"] = [_("A loan cannot close before it starts.")]
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------
# Interest subsidies


class SubsidyPolicy(models.Model):
    """The district's interest-subsidy rule for one year (editable by the office)."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    share = models.DecimalField(
        _("share of interest subsidised (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT,
        help_text=_("e.g. 50: the district pays half of the interest due."),
    )
    cap_per_enterprise = money(
        _("cap per enterprise and year (yuan)"),
        help_text=_("The most one enterprise can be granted in the year, all its loans together."),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("subsidy policy")
        verbose_name_plural = _("subsidy policies")

    def __str__(self):
        return _("Interest subsidy policy %(year)s") % {"year": self.year}


class SubsidyQuerySet(KeptQuerySet):
    bureau_path = "loan__bureau"


class InterestSubsidy(Versioned, models.Model):
    """贴息: the district pays part of the interest of a pledge loan for an interest period."""

    loan = models.ForeignKey(
        PledgeLoan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="subsidies"
    )
    policy = models.ForeignKey(
        SubsidyPolicy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="+"
    )
    interest_from = models.DateField(_("interest from"))
    interest_to = models.DateField(_("interest to"))
    applied_amount = money(_("applied (yuan)"))
    applied_on = models.DateField(_("applied on"))
    approved_amount = money(_("approved (yuan)"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    paid_amount = money(_("paid (yuan)"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = SubsidyQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-applied_on", "-id"]
        verbose_name = _("interest subsidy")
        verbose_name_plural = _("interest subsidies")

    def __str__(self):
        return f"{self.loan.enterprise} · {self.interest_from:%Y-%m-%d}–{self.interest_to:%Y-%m-%d}"

    def get_absolute_url(self):
        return self.loan.get_absolute_url()

    @property
    def bureau_id(self):
        return self.loan.bureau_id


# ---------------------------------------------------------------------------------------------
# IP insurance


class InsuranceKind(models.TextChoices):
    INFRINGEMENT_LIABILITY = "liability", _("Infringement liability")
    ENFORCEMENT = "enforcement", _("Enforcement (patent execution)")
    INFRINGEMENT_LOSS = "loss", _("Infringement loss")
    OTHER = "other", _("Other")


class InsuranceQuerySet(KeptQuerySet):
    def in_force_at(self, day: datetime.date):
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class InsurancePolicy(Versioned, Kept):
    """知识产权保险: a policy insuring an enterprise's IP."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("insured enterprise"),
        on_delete=models.PROTECT,
        related_name="insurance",
    )
    kind = models.CharField(_("type"), max_length=12, choices=InsuranceKind.choices)
    insurer = models.CharField(_("insurer"), max_length=100)
    policy_number = models.CharField(_("policy number"), max_length=60, blank=True)
    premium = money(_("premium (yuan)"))
    coverage = money(_("coverage (yuan)"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    note = models.TextField(_("note"), blank=True)

    objects = InsuranceQuerySet.as_manager()
    history = HistoricalRecords()  # old and new values and the user (issue 9)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("IP insurance policy")
        verbose_name_plural = _("IP insurance policies")

    def __str__(self):
        return f"{self.enterprise} · {self.get_kind_display()} · {self.insurer}"

    def get_absolute_url(self):
        return reverse("finance:enterprise-detail", args=[self.enterprise_id]) + "#insurance"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The policy cannot end before it starts.")})


# ---------------------------------------------------------------------------------------------
# Programme funding


class Purpose(models.TextChoices):
    """经费保障: the purposes the plan names (四、(三))."""

    CREATION = "creation", _("Creation")
    UTILISATION = "utilisation", _("Utilisation")
    PROTECTION = "protection", _("Protection")
    MANAGEMENT = "management", _("Management")
    SERVICES = "services", _("Services")
    PUBLICITY = "publicity", _("Publicity and training")


class BudgetLine(Kept):
    """Money allocated to a purpose for a year, spent by the bureau that keeps the line."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    title = models.CharField(_("title"), max_length=200)
    allocated = money(_("allocated (yuan)"))
    overspend_note = models.TextField(
        _("office note on over-spending"),
        blank=True,
        help_text=_("Required before spending may exceed the allocation."),
    )
    overspend_noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "purpose", "id"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return f"{self.year} · {self.get_purpose_display()} · {self.title}"


class SpendingQuerySet(KeptQuerySet):
    bureau_path = "budget_line__bureau"


class Spending(models.Model):
    """One payment out of a budget line."""

    budget_line = models.ForeignKey(
        BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT, related_name="spending"
    )
    spent_on = models.DateField(_("date"))
    amount = money(_("amount (yuan)"))
    description = models.CharField(_("description"), max_length=200)
    subsidy = models.ForeignKey(
        InterestSubsidy,
        verbose_name=_("interest subsidy paid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spending",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = SpendingQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-spent_on", "-id"]
        verbose_name = _("spending")
        verbose_name_plural = _("spending")

    def __str__(self):
        return f"{self.spent_on:%Y-%m-%d} · {self.description}"
