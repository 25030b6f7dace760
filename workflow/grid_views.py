"""The entry grid page: a bureau's whole quarter on one page (workflow/grid.py)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from bureaus.access import RoleRequiredMixin
from bureaus.models import Bureau, Role
from targets.periods import ensure_period_from_code, period_from_code

from .grid import lines_for, save_lines

ROW_ERRORS = gettext_lazy("%(n)s rows could not be saved or submitted: see the rows marked in red.")


class GridView(RoleRequiredMixin, View):
    """填报一览: staff of the bureau fill in and submit; the office and leaders read it."""

    roles = (Role.STAFF, Role.OFFICE, Role.LEADER)
    template_name = "workflow/grid.html"

    def load(self, request, period, bureau):
        # R1.4: a read looks the period up; only a write may create it.
        find = period_from_code if request.method in ("GET", "HEAD") else ensure_period_from_code
        period = find(period)
        bureau = get_object_or_404(Bureau, code=bureau)
        if not request.user.sees_all_bureaus and request.user.bureau_id != bureau.pk:
            raise Http404  # another bureau's grid does not exist for this user
        return period, bureau

    def show(self, request, period, bureau, lines, status=200):
        days_left = (period.due_date - timezone.localdate()).days
        return render(
            request,
            self.template_name,
            {
                "period": period,
                "bureau": bureau,
                "lines": lines,
                "can_edit": any(line.editable for line in lines),
                "days_left": days_left,
                "days_overdue": -days_left,
                "ready": sum(line.ready for line in lines),
            },
            status=status,
        )

    def get(self, request, period, bureau):
        period, bureau = self.load(request, period, bureau)
        return self.show(request, period, bureau, lines_for(period, bureau, request.user))

    def post(self, request, period, bureau):
        period, bureau = self.load(request, period, bureau)
        if not (request.user.role == Role.STAFF and request.user.bureau_id == bureau.pk):
            raise Http404
        submit = request.POST.get("action") == "submit"
        posted = lines_for(period, bureau, request.user, data=request.POST)
        outcome = save_lines(posted, user=request.user, submit=submit)
        summary = _("Saved %(saved)s, submitted %(submitted)s.") % {
            "saved": outcome.saved,
            "submitted": outcome.submitted,
        }
        if not outcome.errors:
            messages.success(request, summary)
            return redirect(reverse("reporting:grid", args=[period, bureau.code]))
        # What was saved is shown as saved; a row that failed keeps what was typed and its error.
        lines = lines_for(period, bureau, request.user)
        for fresh, tried in zip(lines, posted, strict=True):
            if tried.error:
                fresh.error = tried.error
                if tried.outcome != "saved":
                    fresh.form = tried.form
            fresh.outcome = tried.outcome
        messages.warning(request, summary + " " + ROW_ERRORS % {"n": outcome.errors})
        return self.show(request, period, bureau, lines, status=400)
