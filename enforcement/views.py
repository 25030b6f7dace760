"""Pages of the case register. Every case is found through Case.objects.visible_to(user), so
another bureau's case answers 404; every write goes through enforcement/services.py."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role
from bureaus.params import NOT_A_YEAR, read_year
from exports.downloads import as_download, ascii_name
from workflow.services import WorkflowError

from . import selectors, services
from .filters import PRIMARY, filtered_cases
from .forms import CaseForm, StepForm, TransferForm
from .models import Campaign, Case, CaseAttachment, TransferStatus

PAGE_SIZE = 25
READERS = (Role.OFFICE, Role.LEADER, Role.ADMIN)
STAFF = (Role.STAFF,)


def visible_case(user, pk) -> Case:
    return get_object_or_404(
        Case.objects.visible_to(user).select_related("bureau", "town", "campaign", "created_by"),
        pk=pk,
    )


class CaseListView(RoleRequiredMixin, TemplateView):
    template_name = "enforcement/case_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        filterset, cases = filtered_cases(user, self.request.GET)
        page = selectors.BoundedPaginator(cases, PAGE_SIZE).get_page(self.request.GET.get("page"))
        params = self.request.GET.copy()
        params.pop("page", None)
        return super().get_context_data(
            filter=filterset,
            page=page,
            cases=page.object_list,
            query=params.urlencode(),
            primary=PRIMARY,
            more_open=any(self.request.GET.get(k) for k in filterset.filters if k not in PRIMARY),
            can_register=services.may_register(user),
            pending=list(selectors.pending_transfers_for(user.bureau))
            if user.role == Role.STAFF
            else [],
            **kwargs,
        )


class CaseDetailView(RoleRequiredMixin, View):
    template_name = "enforcement/case_detail.html"

    def context(self, case, step_form=None, transfer_form=None):
        user = self.request.user
        steps = list(
            case.steps.select_related("user", "bureau", "corrects").prefetch_related("attachments")
        )
        transfer = case.transfers.select_related(
            "from_bureau", "to_bureau", "transferred_by", "accepted_by"
        ).first()
        handler = services.may_handle(user, case)
        statuses = services.next_statuses(case)
        can_transfer = handler and transfer is None and "transferred" in statuses
        return {
            "case": case,
            "steps": steps,
            "transfer": transfer,
            "can_handle": handler,
            "can_accept": transfer is not None
            and transfer.status == TransferStatus.PENDING
            and user.role == Role.STAFF
            and user.bureau_id == transfer.to_bureau_id,
            "step_form": step_form
            or (StepForm(case=case, statuses=statuses, steps=steps) if handler else None),
            "transfer_form": transfer_form or (TransferForm(case=case) if can_transfer else None),
        }

    def get(self, request, pk):
        case = visible_case(request.user, pk)
        return render(request, self.template_name, self.context(case))


class CaseFormView(RoleRequiredMixin, View):
    """Register a case (pk None) or change its particulars."""

    roles = STAFF
    template_name = "enforcement/case_form.html"

    def load(self, request, pk):
        if pk is None:
            if not services.may_register(request.user):
                raise Http404
            return Case(bureau_id=request.user.bureau_id)
        case = visible_case(request.user, pk)
        if not services.may_handle(request.user, case):
            raise Http404
        return case

    def get(self, request, pk=None):
        case = self.load(request, pk)
        return render(request, self.template_name, {"case": case, "form": CaseForm(instance=case)})

    def post(self, request, pk=None):
        case = self.load(request, pk)
        form = CaseForm(request.POST, instance=case)
        if form.is_valid():
            try:
                if pk is None:
                    case = services.case_create(user=request.user, data=form.cleaned_data)
                    messages.success(request, _("Case registered."))
                else:
                    services.case_update(
                        case, user=request.user, data=form.cleaned_data, version=form.version
                    )
                    messages.success(request, _("Case saved."))
                return redirect(case.get_absolute_url())
            except WorkflowError as error:
                for name, errors in error.errors.items():
                    for message in errors:
                        form.add_error(name if name in form.fields else None, message)
                if not error.errors:
                    form.add_error(None, error.message)
        context = {"case": case, "form": form}
        return render(request, self.template_name, context, status=400)


class CaseStepView(RoleRequiredMixin, View):
    """POST: move the case on, or add a note or correction, with attachments."""

    roles = STAFF

    def post(self, request, pk):
        case = visible_case(request.user, pk)
        steps = list(case.steps.all())
        form = StepForm(
            request.POST,
            request.FILES,
            case=case,
            statuses=services.next_statuses(case),
            steps=steps,
        )
        page = CaseDetailView()
        page.request = request
        if not form.is_valid():
            return render(
                request, page.template_name, page.context(case, step_form=form), status=400
            )
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if data["to_status"]:
                    services.case_advance(
                        case,
                        user=request.user,
                        to_status=data["to_status"],
                        note=data["note"],
                        happened_on=data["happened_on"],
                        files=data["attachments"],
                    )
                else:
                    corrects = next((s for s in steps if s.pk == data["corrects"]), None)
                    services.step_add(
                        case,
                        user=request.user,
                        note=data["note"],
                        happened_on=data["happened_on"],
                        corrects=corrects,
                        files=data["attachments"],
                    )
        except WorkflowError as error:
            if error.code == "forbidden":
                raise Http404 from error
            field = "happened_on" if "happened_on" in error.errors else None
            form.add_error(field, error.message)
            status = 409 if error.code == "conflict" else 400
            return render(
                request, page.template_name, page.context(case, step_form=form), status=status
            )
        messages.success(request, _("Step recorded."))
        return redirect(case.get_absolute_url())


class CaseTransferView(RoleRequiredMixin, View):
    roles = STAFF

    def post(self, request, pk):
        case = visible_case(request.user, pk)
        form = TransferForm(request.POST, case=case)
        page = CaseDetailView()
        page.request = request
        if not form.is_valid():
            return render(request, page.template_name, page.context(case, transfer_form=form), 400)
        try:
            services.case_transfer(
                case,
                user=request.user,
                to_bureau=form.cleaned_data["to_bureau"],
                reason=form.cleaned_data["reason"],
                happened_on=form.cleaned_data["happened_on"],
            )
        except WorkflowError as error:
            if error.code == "forbidden":
                raise Http404 from error
            messages.error(request, error.message)
            return redirect(case.get_absolute_url())
        messages.success(request, _("Case transferred."))
        return redirect(case.get_absolute_url())


class TransferAcceptView(RoleRequiredMixin, View):
    roles = STAFF

    def post(self, request, pk):
        case = visible_case(request.user, pk)
        transfer = case.transfers.first()
        if transfer is None:
            raise Http404
        try:
            services.transfer_accept(transfer, user=request.user, note=request.POST.get("note", ""))
        except WorkflowError as error:
            messages.error(request, error.message)
            return redirect(case.get_absolute_url())
        messages.success(request, _("Transfer accepted: your bureau now handles this case too."))
        return redirect(case.get_absolute_url())


class AttachmentDownloadView(RoleRequiredMixin, View):
    """A step's file, served only to users who may see its case."""

    def get(self, request, pk):
        attachment = get_object_or_404(CaseAttachment.objects.select_related("step"), pk=pk)
        if not Case.objects.visible_to(request.user).filter(pk=attachment.step.case_id).exists():
            raise Http404
        name = attachment.original_name
        return as_download(
            FileResponse(attachment.file.open("rb"), content_type=attachment.mime_type),
            request,
            filename=name,
            fallback=ascii_name(f"case-file-{attachment.pk}", name),
            detail={"case": attachment.step.case_id, "attachment": attachment.pk},
        )


class CampaignListView(RoleRequiredMixin, TemplateView):
    template_name = "enforcement/campaign_list.html"

    def get_context_data(self, **kwargs):
        visible = Case.objects.visible_to(self.request.user)
        campaigns = (
            Campaign.objects.select_related("lead_bureau")
            .annotate(n=Count("cases", filter=Q(cases__in=visible.order_by().values("pk"))))
            .order_by("-starts_on", "id")
        )
        return super().get_context_data(campaigns=campaigns, **kwargs)


class StatisticsView(RoleRequiredMixin, TemplateView):
    """For the office and leaders: counts, amounts, durations and transfers, with charts."""

    roles = READERS
    template_name = "enforcement/statistics.html"

    def get(self, request, *args, **kwargs):
        raw = request.GET.get("year", "")
        if raw not in ("", "all") and read_year(raw) is None:
            context = {"errors": [NOT_A_YEAR % {"value": raw}], "back": request.path}
            return render(request, "bad_request.html", context, status=400)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        cases = Case.objects.visible_to(self.request.user)
        years = selectors.years_with_cases(cases)
        raw = self.request.GET.get("year", "")
        year = None if raw == "all" else read_year(raw) or timezone.localdate().year
        stats = selectors.case_statistics(cases, year=year)
        return super().get_context_data(
            stats=stats, years=years, year=year, chart_data=stats.chart_data(), **kwargs
        )
