"""Pages of the activities register: the filtered list (its Excel export: list_exports.py), the
form, a record."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from bureaus.access import RoleRequiredMixin
from bureaus.models import Bureau, Role
from workflow.services import WorkflowError

from . import activities
from .forms import ActivityForm
from .list_exports import activity_filters
from .models import Activity, ActivityKind

WRITERS = (Role.STAFF, Role.OFFICE)


class ActivityListView(RoleRequiredMixin, TemplateView):
    template_name = "tasks_registry/activity_list.html"

    def get_context_data(self, **kwargs):
        filters, _errors = activity_filters(self.request.user, self.request.GET)
        rows = activities.activities_for(self.request.user, **filters)
        this_year = timezone.localdate().year
        return super().get_context_data(
            activities=rows,
            totals=activities.year_totals(
                activities.activities_for(self.request.user, **filters).order_by()
            ),
            filters=filters,
            years=range(this_year, 2023, -1),
            kinds=ActivityKind.choices,
            bureaus=Bureau.objects.members() if self.request.user.sees_all_bureaus else [],
            can_add=self.request.user.role in WRITERS,
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class ActivityDetailView(RoleRequiredMixin, View):
    template_name = "tasks_registry/activity_detail.html"

    def get(self, request, pk):
        activity = get_object_or_404(
            Activity.objects.visible_to(request.user).select_related("bureau", "task"), pk=pk
        )
        return render(
            request,
            self.template_name,
            {
                "activity": activity,
                "evidence": activity.evidence.all(),
                "can_edit": activities.may_edit(request.user, activity),
                "can_confirm": request.user.role == Role.OFFICE
                and activity.office_confirmed_at is None,
            },
        )

    def post(self, request, pk):
        activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
        try:
            activities.activity_confirm(activity=activity, user=request.user)
        except WorkflowError as error:
            raise PermissionDenied from error
        messages.success(request, _("Activity confirmed: the assessment counts it."))
        return redirect(activity.get_absolute_url())


class ActivityFormView(RoleRequiredMixin, View):
    """New activity, or an existing one edited by its bureau (or the office)."""

    roles = WRITERS
    template_name = "tasks_registry/activity_form.html"

    def load(self, request, pk=None) -> Activity:
        if pk is None:
            return Activity(bureau=request.user.bureau if request.user.role == Role.STAFF else None)
        activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
        if not activities.may_edit(request.user, activity):
            raise PermissionDenied
        return activity

    def render_form(self, form, activity, status=200):
        context = {"form": form, "activity": activity}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk=None):
        activity = self.load(request, pk)
        return self.render_form(ActivityForm(instance=activity, user=request.user), activity)

    def post(self, request, pk=None):
        activity = self.load(request, pk)
        if request.POST.get("action") == "delete" and activity.pk:
            activities.activity_delete(activity=activity, user=request.user)
            messages.success(request, _("Activity deleted."))
            return redirect("tasks_registry:activity-list")
        form = ActivityForm(request.POST, request.FILES, instance=activity, user=request.user)
        if not form.is_valid():
            return self.render_form(form, activity, status=400)
        data = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
        try:
            activities.activity_save(
                activity=activity,
                user=request.user,
                data=data,
                uploads=form.cleaned_data["evidence"],
                version=form.version,
            )
        except WorkflowError as error:
            if error.code == "forbidden":
                raise PermissionDenied from error
            form.add_error(None, error.message)
            return self.render_form(form, activity, status=400)
        messages.success(request, _("Activity saved."))
        return redirect(activity.get_absolute_url())
