from django.shortcuts import redirect
from django.views.generic import DetailView, TemplateView

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role

from . import selectors


class ProgrammeView(RoleRequiredMixin, TemplateView):
    """Home page: the 2026 targets and the 19 key tasks with their owners, for every user."""

    template_name = "tasks_registry/programme.html"

    def dispatch(self, request, *args, **kwargs):
        # Where everyone lands after login; the auditor's work is the audit log.
        if request.user.is_authenticated and request.user.role == Role.AUDITOR:
            return redirect("audit:events")
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


class TaskDetailView(RoleRequiredMixin, DetailView):
    template_name = "tasks_registry/task_detail.html"
    context_object_name = "task"
    slug_field = "number"
    slug_url_kwarg = "number"

    def get_queryset(self):
        return selectors.key_tasks()
