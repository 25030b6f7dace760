"""Pages of the annual assessment (ranking, scorecard, a bureau's traceable breakdown) and of the
circulars (通报)."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from bureaus.access import RoleRequiredMixin
from bureaus.models import Bureau, Role
from targets.periods import period_from_code
from workflow.services import WorkflowError

from . import assessment, circular
from .models import Circular

READERS = (Role.OFFICE, Role.LEADER, Role.ADMIN)
OFFICE = (Role.OFFICE,)


def _year(request, year=None) -> int:
    value = year or request.GET.get("year", "")
    value = str(value)
    if value.isdecimal() and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year


class AssessmentView(RoleRequiredMixin, TemplateView):
    """The ranking with each bureau's breakdown, and the red/amber/green scorecard."""

    roles = READERS
    template_name = "reports/assessment.html"

    def get_context_data(self, **kwargs):
        kwargs.pop("year", None)
        year = _year(self.request, self.kwargs.get("year"))
        result = assessment.assess(year)
        this_year = timezone.localdate().year
        return super().get_context_data(
            result=result,
            year=year,
            years=range(this_year, 2023, -1),
            can_edit=self.request.user.role == Role.OFFICE,
            **kwargs,
        )


class BureauAssessmentView(RoleRequiredMixin, View):
    """One bureau's score: every criterion with the records each point came from, and the
    office's adjustments (which the office adds here)."""

    roles = READERS
    template_name = "reports/assessment_bureau.html"

    def context(self, year, bureau, errors=None):
        result = assessment.assess(year)
        line = result.line(bureau.pk)
        if line is None:
            raise Http404
        return {
            "result": result,
            "line": line,
            "year": year,
            "bureau": bureau,
            "can_adjust": self.request.user.role == Role.OFFICE,
            "errors": errors or [],
            "posted": self.request.POST,
        }

    def get(self, request, year, code):
        bureau = get_object_or_404(Bureau, code=code)
        return render(request, self.template_name, self.context(_year(request, year), bureau))

    def post(self, request, year, code):
        if request.user.role != Role.OFFICE:
            raise PermissionDenied
        bureau = get_object_or_404(Bureau, code=code)
        year = _year(request, year)
        try:
            points = Decimal(request.POST.get("points", "").strip())
        except InvalidOperation:
            points = None
        try:
            if points is None or not points.is_finite() or abs(points) >= 1000:
                raise WorkflowError(_("Please enter the points as a number, e.g. -2 or 1.5."))
            assessment.adjustment_add(
                year=year,
                bureau=bureau,
                points=points,
                reason=request.POST.get("reason", ""),
                user=request.user,
            )
        except WorkflowError as error:
            context = self.context(year, bureau, errors=[error.message])
            return render(request, self.template_name, context, status=400)
        messages.success(request, _("Adjustment recorded."))
        return redirect("assessment:assessment-bureau", year=year, code=bureau.code)


class CircularListView(RoleRequiredMixin, TemplateView):
    template_name = "reports/circular_list.html"

    def get_context_data(self, **kwargs):
        circulars = Circular.objects.visible_to(self.request.user).select_related("period")
        from targets.models import Period

        periods = Period.objects.order_by("-year", "-quarter")[:12]
        return super().get_context_data(
            circulars=circulars,
            periods=periods,
            can_draft=self.request.user.role == Role.OFFICE,
            **kwargs,
        )

    def post(self, request):
        if request.user.role != Role.OFFICE:
            raise PermissionDenied
        period = period_from_code(request.POST.get("period", ""))
        draft = circular.circular_draft(period=period, user=request.user)
        messages.success(
            request, _("Draft circular prepared from the data: edit it, then publish.")
        )
        return redirect(draft.get_absolute_url())


class CircularView(RoleRequiredMixin, View):
    """A circular: everyone reads a published one; the office edits and publishes a draft."""

    template_name = "reports/circular.html"

    def load(self, request, pk) -> Circular:
        rows = Circular.objects.visible_to(request.user).select_related("period", "published_by")
        return get_object_or_404(rows, pk=pk)  # a draft does not exist for bureau staff

    def render_page(self, item, errors=None, status=200):
        context = {
            "circular": item,
            "can_edit": self.request.user.role == Role.OFFICE and not item.is_published,
            "errors": errors or [],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.render_page(self.load(request, pk))

    def post(self, request, pk):
        item = self.load(request, pk)
        if request.user.role != Role.OFFICE:
            raise PermissionDenied
        try:
            item = circular.circular_edit(
                circular=item,
                user=request.user,
                title=request.POST.get("title", ""),
                body=request.POST.get("body", ""),
            )
            if request.POST.get("action") == "publish":
                circular.circular_publish(circular=item, user=request.user)
                messages.success(request, _("Circular published to every bureau."))
            else:
                messages.success(request, _("Draft saved."))
        except WorkflowError as error:
            item.title = request.POST.get("title", item.title)
            item.body = request.POST.get("body", item.body)
            return self.render_page(item, errors=[error.message], status=400)
        return redirect(item.get_absolute_url())
