"""The portal's defaults, all in one list, and the office's confirmation of the ticked ones
(docs/rules.md R4.4). What counts as a default is `Confirmable.awaits_confirmation`'s: the list,
the reports' note line and the labels on the pages all read the same rows."""

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.provenance import PENDING_LABEL, Confirmable, confirm
from targets.models import Indicator, Period, StatusThresholds
from tasks_registry.models import TaskOwnership

from .models import AssessmentCriterion

KIND_LABELS = {
    "ownership": gettext_lazy("Task owners"),
    "indicator": gettext_lazy("Reporting bureau and baseline"),
    "period": gettext_lazy("Due date"),
    "criterion": gettext_lazy("Assessment weight"),
    "thresholds": gettext_lazy("Status thresholds"),
}


def _querysets() -> dict:
    """Per kind, the rows that hold a default, confirmed or not (one query each)."""
    return {
        "ownership": TaskOwnership.objects.filter(is_default=True, until_period__isnull=True)
        .select_related("task", "bureau", "confirmed_by")
        .order_by("task__number", "-role", "bureau__order"),
        "indicator": Indicator.objects.filter(
            Q(reporting_bureau__isnull=False) | Q(baseline_year__isnull=False)
        ).select_related("reporting_bureau", "confirmed_by"),
        "period": Period.objects.select_related("confirmed_by").order_by("year", "quarter"),
        "criterion": AssessmentCriterion.objects.select_related("confirmed_by"),
        "thresholds": StatusThresholds.objects.select_related("confirmed_by"),
    }


@dataclass
class DefaultItem:
    kind: str
    obj: Confirmable
    what: str
    value: str
    change_url: str

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.obj.pk}"

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def _describe(kind: str, obj) -> tuple[str, str, str]:
    """(what, proposed value, where it is changed) of one default."""
    if kind == "ownership":
        return (
            f"{obj.task.number}. {obj.task.title}",
            f"{obj.bureau.name}（{obj.get_role_display()}）",
            reverse("tasks_registry:task-detail", args=[obj.task.number]),
        )
    if kind == "indicator":
        parts = []
        if obj.reporting_bureau:
            parts.append(_("reporting bureau") + f" {obj.reporting_bureau.name}")
        if obj.baseline_year:
            baseline = _("baseline year") + f" {obj.baseline_year}"
            if obj.baseline_value is not None:
                baseline += f", {obj.baseline_value.normalize():f} {obj.unit}".rstrip()
            parts.append(baseline)
        return (
            f"{obj.code} {obj.name}",
            "; ".join(parts),
            reverse("reports:indicator", args=[obj.code]),
        )
    if kind == "period":
        return (
            str(obj),
            f"{obj.due_date:%Y-%m-%d}",
            reverse("admin:targets_period_change", args=[obj.pk]),
        )
    if kind == "thresholds":
        return (
            _("Status thresholds (share of the expected position)"),
            _("on track from %(on)s %%, at risk from %(risk)s %%")
            % {"on": obj.on_track_percent, "risk": obj.at_risk_percent},
            reverse("admin:targets_statusthresholds_change", args=[obj.pk]),
        )
    value = _("weight") + f" {obj.weight.normalize():f}"
    if obj.target is not None:
        value += "; " + _("target") + f" {obj.target.normalize():f}"
    return obj.name, value, reverse("admin:reports_assessmentcriterion_change", args=[obj.pk])


def portal_defaults() -> list[DefaultItem]:
    """Every default, unconfirmed first within each kind (a query per kind)."""
    items = []
    for kind, rows in _querysets().items():
        kind_items = [DefaultItem(kind, obj, *_describe(kind, obj)) for obj in rows]
        kind_items.sort(key=lambda item: not item.obj.awaits_confirmation)
        items += kind_items
    return items


def pending_counts() -> dict[str, int]:
    """How many defaults of each kind await confirmation (a query per kind)."""
    counts = {}
    for kind, rows in _querysets().items():
        counts[kind] = sum(1 for obj in rows.select_related(None) if obj.awaits_confirmation)
    return counts


def pending_note() -> str:
    """The reports' note line (R4.3), or "" once every default is confirmed."""
    items = [
        _("%(kind)s %(count)d items") % {"kind": KIND_LABELS[kind], "count": count}
        for kind, count in pending_counts().items()
        if count
    ]
    if not items:
        return ""
    return _("%(label)s: %(items)s") % {"label": PENDING_LABEL, "items": "、".join(items)}


def confirm_selected(keys: list[str], *, user) -> list[Confirmable]:
    """Confirm the defaults named by the page's checkbox keys; unknown keys are ignored."""
    wanted: dict[str, set[int]] = {}
    for key in keys:
        kind, _sep, pk = str(key).partition("-")
        if kind in KIND_LABELS and pk.isdigit():
            wanted.setdefault(kind, set()).add(int(pk))
    querysets = _querysets()
    objects = [obj for kind, pks in wanted.items() for obj in querysets[kind].filter(pk__in=pks)]
    return confirm(objects, user=user)
