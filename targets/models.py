"""The programme's 2026 targets, reporting periods and the figures bureaus report."""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.provenance import Confirmable
from workflow.models import SubmissionState, Submittable

PROGRAMME_DEADLINE = datetime.date(2026, 12, 31)
# The target area of the plan's 二(一)总体目标, whose clauses the office assesses (R3.7).
OVERALL_AREA = 0
# The plan's word for "strictly more than" (R3.4); 以上 and 达到 mean "at least".
STRICTLY_MORE = "超过"


class TargetArea(models.Model):
    """One of the five areas of 具体目标 (1 to 5), or the 总体目标 (number 0)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    seed = models.JSONField(default=dict, editable=False)

    class Meta:
        ordering = ["number"]
        verbose_name = _("target area")
        verbose_name_plural = _("target areas")

    def __str__(self):
        if self.is_overall:
            return self.title
        return f"{self.number}. {self.title}"

    @property
    def is_overall(self) -> bool:
        return self.number == OVERALL_AREA


class IndicatorKind(models.TextChoices):
    STOCK = "stock", _("Stock (latest value)")
    ANNUAL_FLOOR = "annual_floor", _("Annual floor (every year)")
    GROWTH_RATE = "growth_rate", _("Growth rate (against a baseline)")
    DERIVED_RATIO = "derived_ratio", _("Derived ratio")
    QUALITATIVE = "qualitative", _("Qualitative (assessed with evidence)")


class IndicatorSource(models.TextChoices):
    FIGURE = "figure", _("Bureau's approved figures")
    METRIC = "metric", _("Counted from the registers")
    FORMULA = "formula", _("Formula over other indicators")
    ASSESSMENT = "assessment", _("Office's assessment with evidence")
    INDUSTRIES = "industries", _("Industries listed by the office, each above its national average")


class ProgressStatus(models.TextChoices):
    """Where an indicator stands; targets/progress.py decides it (with `StatusThresholds`)."""

    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")
    # A qualitative target (R3.6): the office's verdict for the period, or not assessed yet.
    LARGELY = "largely", _("Largely achieved")
    PENDING = "pending", _("To be assessed")
    # 3.1 before the office has listed its industries (R3.4): nothing to measure, not a failure.
    NOT_SET = "not_set", _("To be set")


class AssessmentVerdict(models.TextChoices):
    """The office's verdict on a qualitative target for one period (R3.6)."""

    ACHIEVED = "achieved", _("Achieved (assessed)")
    LARGELY = "largely", _("Largely achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


# The status a verdict gives the period's Progress row; no verdict yet is PENDING, never a failure.
VERDICT_STATUS = {
    AssessmentVerdict.ACHIEVED: ProgressStatus.ACHIEVED,
    AssessmentVerdict.LARGELY: ProgressStatus.LARGELY,
    AssessmentVerdict.NOT_ACHIEVED: ProgressStatus.OFF_TRACK,
}


class Indicator(Confirmable):
    """A 2026 target of the plan, and how its progress is measured. Its reporting bureau and
    baseline are the portal's proposal until the office confirms or changes them (R4.2)."""

    CONFIRMED_FIELDS = ("reporting_bureau", "baseline_year", "baseline_value")

    code = models.CharField(_("code"), max_length=20, unique=True)
    area = models.ForeignKey(
        TargetArea,
        verbose_name=_("target area"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices)
    target_value = models.DecimalField(
        _("target value"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("For growth rates, the growth in per cent."),
    )
    target_text = models.CharField(
        _("target wording"),
        max_length=200,
        help_text=_(
            "A target of the plan: its words, verbatim. An auxiliary input or an industry of 3.1: "
            "the portal's definition or the office's entry."
        ),
    )
    annualised = models.BooleanField(
        _("average growth per year"),
        default=False,
        help_text=_("Growth target is a yearly average (年均) rather than total growth."),
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Empty: the approved level at the end of the baseline year."),
    )
    deadline = models.DateField(_("deadline"), default=PROGRAMME_DEADLINE)
    source = models.CharField(_("source"), max_length=20, choices=IndicatorSource.choices)
    reporting_bureau = models.ForeignKey(
        "bureaus.Bureau",
        verbose_name=_("reporting bureau"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_indicators",
    )
    metric = models.CharField(
        _("metric"),
        max_length=100,
        blank=True,
        help_text=_("Name of a registered metric, when counted from the registers."),
    )
    formula = models.CharField(
        _("formula"),
        max_length=200,
        blank=True,
        help_text=_("Over other indicators' codes in braces, e.g. {2.1} / {2.3.1} * 10000."),
    )
    is_auxiliary = models.BooleanField(
        _("auxiliary"),
        default=False,
        help_text=_("An input to other indicators (e.g. population), not a target of the plan."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="parts",
        help_text=_("An industry the office lists for 3.1 is part of 3.1."),
    )
    note = models.TextField(
        _("source and notes"),
        blank=True,
        help_text=_("Where the office's entry comes from, e.g. the national average's source."),
    )
    order = models.PositiveIntegerField(_("display order"), default=0)
    seed = models.JSONField(default=dict, editable=False)

    # Not `history`: the pages put the computed progress rows on `indicator.history`.
    change_history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def is_plan_target(self) -> bool:
        """Its wording is the plan's (R3.1); an auxiliary input's or office entry's is not."""
        return not self.is_auxiliary and self.parent_id is None

    @property
    def wording_label(self) -> str:
        if self.is_plan_target:
            return _("Target as worded in the plan")
        if self.parent_id is not None:
            return _("Entered by the office (not in the plan)")
        return _("The portal's definition (not in the plan)")

    @property
    def strictly_more(self) -> bool:
        """超过: only a value strictly above the target meets it; an industry of 3.1 follows 3.1's
        wording (R3.4)."""
        wording = self.parent.target_text if self.parent_id else self.target_text
        return STRICTLY_MORE in wording

    @property
    def awaits_confirmation(self) -> bool:
        has_default = self.reporting_bureau_id is not None or self.baseline_year is not None
        return has_default and self.confirmed_at is None

    @property
    def target_display(self) -> str:
        """The target as a short formula: ≥ 900 件, 年均增长 ≥ 10 %, or the plan's words."""
        if self.target_value is None:
            return self.target_text
        value = f"{self.target_value.normalize():f}"
        if self.kind == IndicatorKind.GROWTH_RATE:
            # R3.2: 年均 (a yearly average) and 累计 (total since the baseline) differ.
            if self.annualised:
                return _("≥ %(value)s %% a year") % {"value": value}
            return _("≥ %(value)s %% in total") % {"value": value}
        return f"{'>' if self.strictly_more else '≥'} {value} {self.unit}".rstrip()


class Period(Confirmable):
    """A reporting quarter; its due date is the portal's default until the office confirms or
    changes it (R4.2)."""

    CONFIRMED_FIELDS = ("due_date",)

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)]
    )
    due_date = models.DateField(_("due date"))

    class Meta:
        ordering = ["year", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="period_unique_quarter")
        ]
        verbose_name = _("period")
        verbose_name_plural = _("periods")

    def __str__(self):
        return f"{self.year}Q{self.quarter}"

    @property
    def end_date(self) -> datetime.date:
        if self.quarter == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.quarter + 1, 1) - datetime.timedelta(days=1)

    @property
    def start_date(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    @staticmethod
    def default_due_date(year: int, quarter: int) -> datetime.date:
        """The 10th day after the quarter ends."""
        end = Period(year=year, quarter=quarter).end_date
        return end + datetime.timedelta(days=10)


# A figure's states are the submission workflow's.
FigureState = SubmissionState


class Figure(Submittable):
    """A bureau's value of one indicator for one quarter."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="figures"
    )
    bureau = models.ForeignKey(
        "bureaus.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="figures"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="figures"
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Why the value is unusual: required when it falls or is far from the past."),
    )
    # Who changed what, when, on every path (pages, API, admin, imports): MLPS 8.1.4.3.
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "indicator", "bureau"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "bureau", "period"], name="figure_unique_per_period"
            )
        ]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self):
        return f"{self.indicator.code} {self.bureau} {self.period}"

    @property
    def label(self) -> str:
        return f"{self.period} {self.indicator.code} {self.indicator.name}"

    def get_absolute_url(self) -> str:
        return reverse(
            "reporting:figure", args=[self.period, self.indicator.code, self.bureau.code]
        )

    def submission_errors(self) -> dict[str, list[str]]:
        from .validation import submission_errors

        return submission_errors(self)


RATIO_BOUNDS = [MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))]
THRESHOLDS_ORDER = _("The at-risk share must be below the on-track share.")


class StatusThresholds(Confirmable):
    """The shares of the expected position that make a target 正常 or 预警 (R2.3). The plan
    sets none: they are the portal's proposal until the office confirms or changes them (R4).
    One row; the progress engine reads it once per run (`StatusThresholds.current`)."""

    CONFIRMED_FIELDS = ("on_track_ratio", "at_risk_ratio")
    DEFAULT_ON_TRACK = Decimal("0.95")
    DEFAULT_AT_RISK = Decimal("0.80")

    on_track_ratio = models.DecimalField(
        _("on track from (share of the expected position)"),
        max_digits=3,
        decimal_places=2,
        default=DEFAULT_ON_TRACK,
        validators=RATIO_BOUNDS,
        help_text=_("0.95: on track at 95 % of the expected position or more."),
    )
    at_risk_ratio = models.DecimalField(
        _("at risk from (share of the expected position)"),
        max_digits=3,
        decimal_places=2,
        default=DEFAULT_AT_RISK,
        validators=RATIO_BOUNDS,
        help_text=_("0.80: at risk from 80 %, off track below it."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status thresholds")
        verbose_name_plural = _("status thresholds")

    def __str__(self):
        return str(_("Status thresholds"))

    def clean(self):
        if (
            self.on_track_ratio is not None
            and self.at_risk_ratio is not None
            and self.at_risk_ratio >= self.on_track_ratio
        ):
            raise ValidationError({"at_risk_ratio": THRESHOLDS_ORDER})

    @property
    def on_track_percent(self) -> str:
        return f"{(self.on_track_ratio * 100).normalize():f}"

    @property
    def at_risk_percent(self) -> str:
        return f"{(self.at_risk_ratio * 100).normalize():f}"

    @classmethod
    def current(cls) -> "StatusThresholds":
        """The row in force; the portal's default, unsaved, if it is missing (a read never
        writes: the row is made after every migrate, targets/apps.py)."""
        return cls.objects.select_related("confirmed_by").first() or cls()


class Progress(models.Model):
    """An indicator's computed standing at the end of a period (written by targets/progress.py).

    Rows hold no run timestamps, so a re-run with the same data leaves them byte-identical.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="progress"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="progress"
    )
    as_of = models.DateField(
        _("as of"),
        null=True,
        help_text=_("The period's end, or the day of the run while the period was running."),
    )
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_(
            "The period had not ended when this was computed: 暂定, not the official status."
        ),
    )
    data_period = models.ForeignKey(
        Period,
        verbose_name=_("data from period"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        help_text=_("The latest period with data up to this one: the value's source."),
    )
    level = models.DecimalField(
        _("measured level"),
        max_digits=18,
        decimal_places=4,
        null=True,
        help_text=_("The measured quantity; for growth targets the base of the growth."),
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True)
    target_value = models.DecimalField(_("target"), max_digits=18, decimal_places=4, null=True)
    baseline_value = models.DecimalField(_("baseline"), max_digits=18, decimal_places=4, null=True)
    percent_of_target = models.DecimalField(
        _("Percent of target"), max_digits=12, decimal_places=2, null=True
    )
    expected_percent = models.DecimalField(
        _("expected % today"), max_digits=12, decimal_places=2, null=True
    )
    projected_value = models.DecimalField(
        _("projected at deadline"), max_digits=18, decimal_places=4, null=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.NO_DATA
    )
    reported = models.BooleanField(
        _("reported in this period"),
        default=False,
        help_text=_("False when the value is carried forward from an earlier period."),
    )
    contributions = models.JSONField(
        _("contributions by bureau"),
        default=dict,
        help_text=_("Bureau id to the value it contributed in this period."),
    )

    class Meta:
        ordering = ["indicator__order", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="progress_unique_per_period"
            )
        ]
        verbose_name = _("progress")
        verbose_name_plural = _("progress")

    def __str__(self):
        return f"{self.indicator.code} {self.period}: {self.get_status_display()}"


class TargetAssessmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TargetAssessmentQuerySet":
        """Everyone who reads the dashboards reads the office's assessments and their evidence."""
        return self if user.is_authenticated else self.none()


class TargetAssessment(models.Model):
    """The office's assessment of a qualitative target for one period, with its evidence."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="assessments",
        limit_choices_to={"kind": IndicatorKind.QUALITATIVE},
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="assessments"
    )
    verdict = models.CharField(_("verdict"), max_length=12, choices=AssessmentVerdict.choices)
    narrative = models.TextField(_("narrative"))
    assessed_by = models.ForeignKey(
        "bureaus.User", verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"))
    evidence = GenericRelation("workflow.Evidence")

    objects = TargetAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["indicator__order", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period"], name="target_assessment_unique_per_period"
            )
        ]
        verbose_name = _("target assessment")
        verbose_name_plural = _("target assessments")

    def __str__(self):
        return f"{self.indicator.code} {self.period}: {self.get_verdict_display()}"

    def get_absolute_url(self) -> str:
        return reverse("reports:indicator", args=[self.indicator.code])


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class ProgressRun(models.Model):
    """One computation of every indicator's progress: when, how long, what changed, how it ended."""

    trigger = models.CharField(_("trigger"), max_length=20, default="nightly")
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    duration = models.DurationField(_("duration"), null=True, blank=True)
    rows_created = models.PositiveIntegerField(_("rows created"), default=0)
    rows_updated = models.PositiveIntegerField(_("rows updated"), default=0)
    rows_deleted = models.PositiveIntegerField(_("rows deleted"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    error = models.TextField(_("error"), blank=True)
    headlines = models.JSONField(
        _("headline figures"),
        default=dict,
        blank=True,
        help_text=_("The registers' headline metrics at the time of the run, by metric name."),
    )

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"
        verbose_name = _("progress run")
        verbose_name_plural = _("progress runs")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def rows_changed(self) -> int:
        return self.rows_created + self.rows_updated + self.rows_deleted
