from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from bureaus.access import LANDING_PAGES, RoleRequiredMixin
from bureaus.models import Bureau, Role
from targets.models import Period
from targets.periods import parse_code, quarter_of
from workflow.services import WorkflowError

from . import ownership, selectors
from .forms import StyledForm
from .models import OwnershipRole


class ProgrammeView(RoleRequiredMixin, TemplateView):
    """Home page: the 2026 targets and the 19 key tasks with their owners, for every user."""

    template_name = "tasks_registry/programme.html"

    def dispatch(self, request, *args, **kwargs):
        # Where everyone lands after login; the auditor and the security administrator work
        # elsewhere (三员分立).
        if request.user.is_authenticated and request.user.role in LANDING_PAGES:
            return redirect(LANDING_PAGES[request.user.role])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            target_areas=selectors.target_areas_with_indicators(),
            task_groups=selectors.task_groups_with_tasks(),
            **kwargs,
        )


class TaskListView(RoleRequiredMixin, TemplateView):
    template_name = "tasks_registry/task_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(task_groups=selectors.task_groups_with_tasks(), **kwargs)


class OwnershipChangeForm(StyledForm, forms.Form):
    bureau = forms.ModelChoiceField(label=_("Bureau"), queryset=Bureau.objects.members())
    role = forms.ChoiceField(
        label=_("Part"),
        choices=[*OwnershipRole.choices, ("", _("None (leaves the task)"))],
        required=False,
    )
    from_period = forms.CharField(label=_("From period"), help_text=_("e.g. 2026Q4"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def clean_from_period(self):
        """The quarter named, not yet stored: ownership_change opens it once it is allowed."""
        quarter = parse_code(self.cleaned_data["from_period"].strip())
        if quarter is None:
            raise forms.ValidationError(_("Give a period like 2026Q3."))
        return Period(year=quarter[0], quarter=quarter[1])


class TaskDetailView(RoleRequiredMixin, DetailView):
    """A task, its owners now, the history of its owners, and (for the office) a change."""

    template_name = "tasks_registry/task_detail.html"
    context_object_name = "task"
    slug_field = "number"
    slug_url_kwarg = "number"

    def get_queryset(self):
        return selectors.key_tasks()

    def get_context_data(self, form=None, **kwargs):
        is_office = self.request.user.role == Role.OFFICE
        if form is None and is_office:
            year, quarter = quarter_of(timezone.localdate())  # a GET creates no period
            form = OwnershipChangeForm(initial={"from_period": f"{year}Q{quarter}"})
        return super().get_context_data(
            history=ownership.ownership_history(self.object), form=form, **kwargs
        )

    def post(self, request, *args, **kwargs):
        if request.user.role != Role.OFFICE:
            raise PermissionDenied
        self.object = self.get_object()
        form = OwnershipChangeForm(request.POST)
        if form.is_valid():
            try:
                ownership.ownership_change(task=self.object, user=request.user, **form.cleaned_data)
            except WorkflowError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Owners changed from %(period)s.")
                    % {"period": form.cleaned_data["from_period"]},
                )
                return redirect("tasks_registry:task-detail", number=self.object.number)
        return self.render_to_response(self.get_context_data(form=form), status=400)
