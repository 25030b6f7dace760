"""Pages of supervision items (督办) and leader instructions (批示)."""

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
from bureaus.params import read_id
from workflow.services import WorkflowError

from . import supervision
from . import supervision_selectors as selectors
from .forms import (
    InspectionFindingForm,
    InstructionForm,
    MeetingDecisionForm,
    ReportedProblemForm,
    UpdateForm,
)
from .models import (
    OVERDUE,
    OVERDUE_LABEL,
    LeaderInstruction,
    SupervisionItem,
    SupervisionSource,
    SupervisionStatus,
    TaskReport,
)

OFFICE = (Role.OFFICE,)
STATUS_FILTERS = [*SupervisionStatus.choices, (OVERDUE, OVERDUE_LABEL)]


class SupervisionListView(RoleRequiredMixin, TemplateView):
    """督办事项: every item for the office and leaders, a bureau's own items for its staff."""

    template_name = "tasks_registry/supervision_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        get = self.request.GET
        bureau_id = get.get("bureau") if user.sees_all_bureaus else None
        items = list(
            selectors.items_for(
                user,
                status=get.get("status", ""),
                source=get.get("source", ""),
                bureau_id=read_id(bureau_id) if bureau_id else None,
                today=today,
            )
        )
        for item in items:
            item.days_left = item.remaining_days(today)
            item.days_overdue = -item.days_left
            item.shown_status = item.display_status(today)
        return super().get_context_data(
            items=items,
            today=today,
            statuses=STATUS_FILTERS,
            sources=SupervisionSource.choices,
            bureaus=Bureau.objects.members() if user.sees_all_bureaus else [],
            problems=selectors.problems_to_raise() if user.role == Role.OFFICE else [],
            # Part of a bureau's to-do: what it leads or co-operates on that is past its deadline.
            overdue=selectors.overdue_supervision_items(
                today, bureau_id=None if user.sees_all_bureaus else user.bureau_id
            ),
            selected=get,
            **kwargs,
        )


class SupervisionCreateView(RoleRequiredMixin, View):
    """The office records an item from an inspection, a joint meeting or a task report."""

    roles = OFFICE
    template_name = "tasks_registry/supervision_form.html"
    source = None

    FORMS = {
        SupervisionSource.INSPECTION: InspectionFindingForm,
        SupervisionSource.JOINT_MEETING: MeetingDecisionForm,
        SupervisionSource.REPORTED_PROBLEM: ReportedProblemForm,
    }

    def report(self):
        if self.source != SupervisionSource.REPORTED_PROBLEM:
            return None
        return get_object_or_404(
            TaskReport.objects.select_related("task", "bureau", "period"), pk=self.kwargs["pk"]
        )

    def initial(self, report):
        if report is None:
            return {}
        return {
            "title": f"{report.task.number}. {report.task.title}",
            "description": report.problems,
            "lead_bureau": report.bureau,
        }

    def render_form(self, form, report, status=200):
        context = {"form": form, "source": SupervisionSource(self.source), "report": report}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, **kwargs):
        report = self.report()
        return self.render_form(self.FORMS[self.source](initial=self.initial(report)), report)

    def post(self, request, **kwargs):
        report = self.report()
        form = self.FORMS[self.source](request.POST)
        if not form.is_valid():
            return self.render_form(form, report, status=400)
        item_data = form.item_data()
        try:
            if self.source == SupervisionSource.INSPECTION:
                item = supervision.inspection_finding_record(
                    user=request.user, **form.source_data(), **item_data
                )
            elif self.source == SupervisionSource.JOINT_MEETING:
                item = supervision.meeting_decision_record(
                    user=request.user, **form.source_data(), **item_data
                )
            else:
                item = supervision.reported_problem_raise(
                    user=request.user, report=report, **item_data
                )
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.render_form(form, report, status=400)
        messages.success(request, _("Supervision item created; the bureaus were notified."))
        return redirect(item.get_absolute_url())


class SupervisionDetailView(RoleRequiredMixin, View):
    """One item: its source, progress updates with evidence, and the office's sign-off."""

    template_name = "tasks_registry/supervision_detail.html"

    def load(self, request, pk) -> SupervisionItem:
        items = SupervisionItem.objects.visible_to(request.user).select_related(
            "lead_bureau", "created_by", "signed_off_by"
        )
        return get_object_or_404(items, pk=pk)  # another bureau's item does not exist for staff

    def render_page(self, item, form=None, status=200):
        user = self.request.user
        today = timezone.localdate()
        can_report = supervision.may_report(user, item) and item.status != SupervisionStatus.DONE
        context = {
            "item": item,
            "today": today,
            "days_left": item.remaining_days(today),
            "days_overdue": -item.remaining_days(today),
            "shown_status": item.display_status(today),
            "shown_status_label": item.display_status_label(today),
            "cooperating": item.cooperating_bureaus.all(),
            "source": selectors.source_of(item),
            "updates": selectors.updates_of(item),
            "form": form or (UpdateForm() if can_report else None),
            "can_report": can_report,
            "is_lead": user.bureau_id == item.lead_bureau_id,
            "can_sign_off": supervision.is_office(user)
            and item.status == SupervisionStatus.DONE
            and not item.is_signed_off,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self.render_page(self.load(request, pk))

    def post(self, request, pk):
        item = self.load(request, pk)
        action = request.POST.get("action", "update")
        if request.user.role == Role.LEADER:
            raise PermissionDenied  # leaders write instructions, nothing else
        try:
            if action == "sign_off":
                supervision.item_sign_off(
                    item=item, user=request.user, comment=request.POST.get("comment", "")
                )
                messages.success(request, _("Signed off."))
            elif action == "send_back":
                supervision.item_send_back(
                    item=item, user=request.user, comment=request.POST.get("comment", "")
                )
                messages.success(request, _("Sent back to the bureau."))
            else:
                form = UpdateForm(request.POST, request.FILES)
                if not form.is_valid():
                    return self.render_page(item, form, status=400)
                supervision.update_add(
                    item=item,
                    user=request.user,
                    text=form.cleaned_data["text"],
                    reports_done=form.cleaned_data["reports_done"],
                    uploads=form.cleaned_data["evidence"],
                )
                messages.success(request, _("Progress reported to the office."))
        except WorkflowError as error:
            if error.code == "forbidden":
                raise PermissionDenied from error
            messages.error(request, error.message)
        return redirect(item.get_absolute_url())


class InstructionListView(RoleRequiredMixin, TemplateView):
    """Leader instructions with the item each became and the bureaus' responses."""

    roles = (Role.OFFICE, Role.LEADER, Role.ADMIN)
    template_name = "tasks_registry/supervision_instructions.html"

    def get_context_data(self, **kwargs):
        instructions = list(
            LeaderInstruction.objects.select_related("author", "target_type").prefetch_related(
                "target"
            )[:200]
        )
        items = selectors.instruction_items(instructions)
        today = timezone.localdate()
        for instruction in instructions:
            instruction.item = items.get(instruction.pk)
            if instruction.item:
                instruction.item.shown_status_label = instruction.item.display_status_label(today)
        return super().get_context_data(instructions=instructions, **kwargs)


class InstructionCreateView(RoleRequiredMixin, View):
    """A leader writes an instruction on a key task, an indicator or (by link) a task report."""

    roles = (Role.LEADER,)
    template_name = "tasks_registry/supervision_instruction_form.html"

    def report(self):
        pk = self.request.GET.get("report") or self.request.POST.get("report")
        if not pk:
            return None
        if not str(pk).isdecimal():
            raise Http404
        return get_object_or_404(TaskReport.objects.select_related("task", "bureau"), pk=pk)

    def initial(self):
        initial = {}
        task, indicator = self.request.GET.get("task"), self.request.GET.get("indicator")
        if task and task.isdecimal():
            initial["task"] = self.form_class_queryset("task").filter(number=task).first()
        if indicator:
            initial["indicator"] = self.form_class_queryset("indicator").filter(code=indicator)
            initial["indicator"] = initial["indicator"].first()
        return initial

    @staticmethod
    def form_class_queryset(name):
        return InstructionForm.base_fields[name].queryset

    def render_form(self, form, report, status=200):
        return render(
            self.request, self.template_name, {"form": form, "report": report}, status=status
        )

    def get(self, request):
        report = self.report()
        return self.render_form(InstructionForm(initial=self.initial(), report=report), report)

    def post(self, request):
        report = self.report()
        form = InstructionForm(request.POST, report=report)
        if not form.is_valid():
            return self.render_form(form, report, status=400)
        try:
            instruction = supervision.instruction_give(
                user=request.user,
                target=form.cleaned_data["target"],
                text=form.cleaned_data["text"],
                deadline=form.cleaned_data.get("deadline"),
            )
        except WorkflowError as error:
            form.add_error(None, error.message)
            return self.render_form(form, report, status=400)
        messages.success(request, _("Instruction sent to the responsible bureaus."))
        item = selectors.instruction_items([instruction])[instruction.pk]
        return redirect(item.get_absolute_url())
