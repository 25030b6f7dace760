from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role

from . import tasks
from .services import Trigger

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
