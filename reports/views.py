"""Dashboards: the office's (read-only for leaders), a bureau's, and one indicator's detail.

The two dashboards render their parts once per data version (reports/dashboard_cache.py).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from bureaus.access import RoleRequiredMixin
from bureaus.models import Bureau, Role
from targets.forms import BaselineForm, TargetAssessmentForm
from targets.models import (
    OVERALL_AREA,
    Figure,
    Indicator,
    IndicatorKind,
    IndicatorSource,
    Progress,
    StatusThresholds,
)
from targets.periods import begun_periods, latest_ended
from targets.services import BASELINE_KINDS, baseline_set
from tasks_registry.supervision_selectors import overdue_supervision_items

from . import dashboard_cache, defaults, selectors

OVERVIEW_ROLES = (Role.OFFICE, Role.LEADER, Role.ADMIN)


class DashboardView(RoleRequiredMixin, TemplateView):
    """The office dashboard; leaders see the same page without the office's buttons."""

    template_name = "reports/dashboard.html"
    roles = OVERVIEW_ROLES

    def get_context_data(self, **kwargs):
        can_recompute = self.request.user.role == Role.OFFICE
        parts = dashboard_cache.cached_parts(
            "office", (can_recompute,), lambda: self.render_parts(can_recompute)
        )
        return super().get_context_data(parts=parts, can_recompute=can_recompute, **kwargs)

    @staticmethod
    def render_parts(can_recompute: bool) -> dict[str, str]:
        """The page but the recompute form (it carries the CSRF token): cached."""
        cards = selectors.indicator_cards()
        periods = begun_periods()
        period = latest_ended(periods)
        matrix_bureaus, matrix_rows = selectors.ownership_matrix(period)
        completeness, completeness_totals = selectors.submission_completeness(period)
        context = {
            "cards": cards,
            "chart_data": selectors.chart_series(cards),
            "period": period,
            "overdue": selectors.is_overdue(period),
            "completeness": completeness,
            "completeness_totals": completeness_totals,
            "matrix_bureaus": matrix_bureaus,
            "matrix_rows": matrix_rows,
            "matrix_has_defaults": any(c.is_default for r in matrix_rows for c in r.cells),
            "run": selectors.latest_run(),
            "headlines": selectors.headlines(),
            "overdue_items": overdue_supervision_items(),
            "can_recompute": can_recompute,
            "status_colours": selectors.STATUS_COLOURS,
            "thresholds": StatusThresholds.current(),
        }
        return {
            "last_run": render_to_string("reports/_dashboard_last_run.html", context),
            "body": render_to_string("reports/_dashboard_body.html", context),
            # The 催报 form carries the CSRF token, so only its period is cached: once late.
            "remind_period": str(period) if can_recompute and context["overdue"] else "",
        }


class BureauDashboardView(RoleRequiredMixin, TemplateView):
    """A bureau's own indicators, tasks and to-dos. Staff see their bureau; the office and
    leaders may open any bureau's."""

    template_name = "reports/bureau_dashboard.html"

    def get_bureau(self) -> Bureau:
        user = self.request.user
        code = self.kwargs.get("code")
        if code is None:
            if user.bureau_id is None:
                raise PermissionDenied
            return user.bureau
        bureau = get_object_or_404(Bureau, code=code)
        if not user.sees_all_bureaus and bureau.pk != user.bureau_id:
            raise Http404  # another bureau's records do not exist for bureau staff
        return bureau

    def get_context_data(self, **kwargs):
        bureau = self.get_bureau()  # refuses another bureau's staff before any cache is read
        is_own = self.request.user.bureau_id == bureau.pk  # its to-dos link to the forms
        parts = dashboard_cache.cached_parts(
            "bureau", (bureau.pk, is_own), lambda: self.render_parts(bureau, is_own)
        )
        return super().get_context_data(bureau=bureau, parts=parts, **kwargs)

    @staticmethod
    def render_parts(bureau: Bureau, is_own: bool) -> dict[str, str]:
        periods = begun_periods()
        period = latest_ended(periods)
        # What is due now, and the quarter under way (drafts may start): as on the to-do page.
        open_periods = [
            p for p in periods[-2:] if period is not None and p.end_date >= period.end_date
        ]
        # R3.7: the overall goals judge the whole programme, not this bureau's work.
        cards = selectors.indicator_cards(
            indicators=Indicator.objects.filter(
                reporting_bureau=bureau, is_auxiliary=False
            ).exclude(area__number=OVERALL_AREA)
        )
        todos, owes = selectors.bureau_todos(bureau, open_periods, timezone.localdate())
        context = {
            "bureau": bureau,
            "is_own": is_own,
            "todos": todos,
            "owes_anything": owes,
            "cards": cards,
            "chart_data": selectors.chart_series(cards),
            "period": period,
            "tasks": selectors.bureau_tasks(bureau),
            "thresholds": StatusThresholds.current(),
        }
        return {"body": render_to_string("reports/_bureau_dashboard_body.html", context)}


BASELINE_SAVED = _("Baseline saved; progress recomputed.")


class IndicatorDetailView(RoleRequiredMixin, TemplateView):
    """History, contributions by bureau and the source figures of one indicator; the office
    sets its baseline here (R3.3)."""

    template_name = "reports/indicator_detail.html"

    def post(self, request, code):
        if request.user.role != Role.OFFICE:
            raise PermissionDenied
        indicator = get_object_or_404(Indicator, code=code, kind__in=BASELINE_KINDS)
        form = BaselineForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(baseline_form=form), status=400)
        baseline_set(
            indicator=indicator,
            year=form.cleaned_data["baseline_year"],
            value=form.cleaned_data["baseline_value"],
            user=request.user,
        )
        messages.success(request, BASELINE_SAVED)
        return redirect("reports:indicator", code=indicator.code)

    def get_context_data(self, baseline_form=None, **kwargs):
        user = self.request.user
        indicator = get_object_or_404(
            Indicator.objects.select_related(
                "area", "reporting_bureau", "confirmed_by"
            ).prefetch_related(
                Prefetch(
                    "progress",
                    queryset=Progress.objects.select_related("period", "data_period").order_by(
                        "period__year", "period__quarter"
                    ),
                    to_attr="history",
                )
            ),
            code=self.kwargs["code"],
        )
        if indicator.source == IndicatorSource.INDUSTRIES:
            [card] = selectors.indicator_cards(indicators=Indicator.objects.filter(pk=indicator.pk))
        else:
            card = selectors.IndicatorCard.from_history(indicator, indicator.history)
        bureau_ids = sorted(
            {int(b) for row in indicator.history for b in row.contributions if b},
        )
        if not user.sees_all_bureaus:
            bureau_ids = [b for b in bureau_ids if b == user.bureau_id]
        bureaus = list(Bureau.objects.filter(pk__in=bureau_ids).order_by("order", "id"))
        contributions = [
            (row.period, [row.contributions.get(str(b.pk)) for b in bureaus])
            for row in reversed(indicator.history)
            if row.reported
        ]
        figures = (
            Figure.objects.visible_to(user)
            .filter(indicator=indicator)
            .select_related("bureau", "period")
            .order_by("-period__year", "-period__quarter", "bureau__order")
        )
        is_qualitative = indicator.kind == IndicatorKind.QUALITATIVE
        assessments = (
            indicator.assessments.select_related("period", "assessed_by")
            .prefetch_related("evidence")
            .order_by("-period__year", "-period__quarter")
            if is_qualitative
            else []
        )
        can_assess = is_qualitative and user.role == Role.OFFICE
        if baseline_form is None and user.role == Role.OFFICE and indicator.kind in BASELINE_KINDS:
            baseline_form = BaselineForm(
                initial={
                    "baseline_year": indicator.baseline_year,
                    "baseline_value": indicator.baseline_value,
                }
            )
        return super().get_context_data(
            indicator=indicator,
            card=card,
            is_qualitative=is_qualitative,
            assessments=assessments,
            assess_form=TargetAssessmentForm(periods=begun_periods()) if can_assess else None,
            baseline_form=baseline_form,
            chart_data=selectors.chart_series([card]),
            history=list(reversed(indicator.history)),
            contribution_bureaus=bureaus,
            contributions=contributions,
            figures=figures[:200],
            figure_links=user.role in (Role.OFFICE, Role.ADMIN),
            **kwargs,
        )


NOTHING_TICKED = _("Tick at least one default to confirm.")
CONFIRMED = _("%(count)d defaults confirmed.")


class DefaultsView(RoleRequiredMixin, TemplateView):
    """Every default of the portal; the office confirms the ticked ones (R4.4)."""

    template_name = "reports/defaults.html"
    roles = (Role.OFFICE,)

    def get_context_data(self, **kwargs):
        items = defaults.portal_defaults()
        pending = sum(1 for item in items if item.obj.awaits_confirmation)
        return super().get_context_data(items=items, pending=pending, **kwargs)

    def post(self, request):
        keys = request.POST.getlist("confirm")
        if not keys:
            messages.error(request, NOTHING_TICKED)
            return redirect("reports:defaults")
        done = defaults.confirm_selected(keys, user=request.user)
        messages.success(request, CONFIRMED % {"count": len(done)})
        return redirect("reports:defaults")
