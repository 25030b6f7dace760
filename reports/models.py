"""The annual assessment's criteria and adjustments, and the circulars (通报) of progress."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.provenance import Confirmable


class CriterionCode(models.TextChoices):
    """What each criterion measures: reports/assessment.py computes one rate per code."""

    TIMELINESS = "timeliness", _("Timeliness of submissions")
    COMPLETENESS = "completeness", _("Completeness of submissions")
    TASK_PROGRESS = "task_progress", _("Progress of owned key tasks")
    INDICATORS = "indicators", _("Achievement of owned indicators")
    SUPERVISION = "supervision", _("Supervision items done on time")
    ACTIVITIES = "activities", _("Activities held")


class AssessmentCriterion(Confirmable):
    """One weighted criterion of the annual assessment; its weight and target are the portal's
    proposal until the office confirms or changes them (R4.2)."""

    CONFIRMED_FIELDS = ("weight", "target")

    code = models.CharField(_("measure"), max_length=20, choices=CriterionCode.choices, unique=True)
    name = models.CharField(_("name"), max_length=100)
    weight = models.DecimalField(
        _("weight (points)"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    target = models.DecimalField(
        _("target"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For activities: how many a bureau should hold in the year for full points."),
    )
    description = models.TextField(_("how it is scored"), blank=True)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("assessment criterion")
        verbose_name_plural = _("assessment criteria")

    def __str__(self):
        return self.name


class AssessmentCategory(Confirmable):
    """A group of units ranked against each other (区级部门, 政法单位, 镇街, 园区): the portal's
    proposal until the office confirms or changes it (R4.2, R6.4).

    A unit listed in a category's `bureaus` is ranked there; any other unit in the first category
    whose `kinds` include its kind (reports/assessment_categories.py)."""

    CONFIRMED_FIELDS = ("name", "kinds", "bureaus")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("display order"), default=0)
    kinds = models.JSONField(
        _("kinds of unit"),
        default=list,
        blank=True,
        help_text=_("Units of these kinds belong here unless listed in another category."),
    )
    bureaus = models.ManyToManyField(
        "bureaus.Bureau",
        verbose_name=_("units listed"),
        blank=True,
        related_name="assessment_categories",
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("assessment category")
        verbose_name_plural = _("assessment categories")

    def __str__(self):
        return self.name


class AssessmentAdjustment(models.Model):
    """Points the office adds to (or takes from) a bureau's score, with the reason and author."""

    year = models.PositiveSmallIntegerField(_("year"))
    bureau = models.ForeignKey(
        "bureaus.Bureau",
        verbose_name=_("bureau"),
        on_delete=models.PROTECT,
        related_name="assessment_adjustments",
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("reason"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["year", "bureau", "created_at"]
        verbose_name = _("assessment adjustment")
        verbose_name_plural = _("assessment adjustments")

    def __str__(self):
        return f"{self.year} {self.bureau} {self.points:+}"


class CircularState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishedCircularError(Exception):
    """A published circular is the district's record of what it said: never rewritten or deleted,
    whichever way (page, admin, shell) the write comes."""


class CircularQuerySet(models.QuerySet):
    def delete(self):
        if self.filter(state=CircularState.PUBLISHED).exists():
            raise PublishedCircularError("a published circular cannot be deleted")
        return super().delete()

    def update(self, **kwargs):
        if self.filter(state=CircularState.PUBLISHED).exists():
            raise PublishedCircularError("a published circular cannot be changed")
        return super().update(**kwargs)

    def visible_to(self, user):
        """Published circulars are for every bureau; drafts for the office, leaders, admins."""
        if not user.is_authenticated:
            return self.none()
        if user.sees_all_bureaus:
            return self
        return self.filter(state=CircularState.PUBLISHED)


class Circular(models.Model):
    """通报: the progress of bureaus and towns for a period, drafted from the data, edited by the
    office, then published to all bureaus."""

    period = models.ForeignKey(
        "targets.Period", verbose_name=_("period"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    state = models.CharField(
        _("state"), max_length=10, choices=CircularState.choices, default=CircularState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CircularQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period__year", "-period__quarter", "-id"]
        verbose_name = _("circular")
        verbose_name_plural = _("circulars")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        stored = Circular.objects.filter(pk=self.pk).values_list("state", flat=True).first()
        if stored == CircularState.PUBLISHED:  # publishing saves a draft: that one passes
            raise PublishedCircularError("a published circular cannot be changed")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("assessment:circular", args=[self.pk])

    def delete(self, *args, **kwargs):
        if Circular.objects.filter(pk=self.pk, state=CircularState.PUBLISHED).exists():
            raise PublishedCircularError("a published circular cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.state == CircularState.PUBLISHED


class DashboardVersion(models.Model):
    """One row whose stamp is rewritten, in the writer's transaction, whenever something the
    dashboards show changes: the dashboards' cache keys carry it (reports/dashboard_cache.py)."""

    stamp = models.CharField(_("version stamp"), max_length=32)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dashboard data version")
        verbose_name_plural = _("dashboard data versions")

    def __str__(self):
        return self.stamp
