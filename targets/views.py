from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role

from . import tasks
from .forms import TargetAssessmentForm
from .models import Indicator, IndicatorKind
from .periods import begun_periods
from .services import AssessmentError, Trigger, target_assess

QUEUED = _("Progress is being recomputed; refresh the page in a minute.")
QUEUE_DOWN = _("The task queue is unavailable; progress will be recomputed as soon as it is back.")


class ComputeProgressView(RoleRequiredMixin, View):
    """The office's button: queue a progress run now (POST only, so a link cannot trigger it)."""

    roles = (Role.OFFICE,)
    http_method_names = ["post"]

    def post(self, request):
        # None: the broker is down and the task is kept until it is back (ipcity/queueing.py).
        if tasks.compute_progress.delay(Trigger.OFFICE) is None:
            messages.warning(request, QUEUE_DOWN)
        else:
            messages.success(request, QUEUED)
        return redirect("reports:dashboard")


ASSESSED = _("Assessment saved.")


class AssessTargetView(RoleRequiredMixin, View):
    """The office records its verdict on a qualitative target for a period (POST only; the form
    is on the indicator's page)."""

    roles = (Role.OFFICE,)
    http_method_names = ["post"]

    def post(self, request, code):
        indicator = get_object_or_404(Indicator, code=code, kind=IndicatorKind.QUALITATIVE)
        form = TargetAssessmentForm(request.POST, request.FILES, periods=begun_periods())
        if not form.is_valid():
            errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
            return HttpResponseBadRequest(errors)
        data = form.cleaned_data
        try:
            target_assess(
                indicator=indicator,
                period=data["period"],
                verdict=data["verdict"],
                narrative=data["narrative"],
                files=data["evidence"],
                user=request.user,
            )
        except AssessmentError as error:
            return HttpResponseBadRequest(str(error.message))
        messages.success(request, ASSESSED)
        return redirect("reports:indicator", code=indicator.code)
