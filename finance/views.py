"""Pages of the finance registers. Every record is found through `visible_to(user)` (another
bureau's record answers 404) and every write goes through finance/services.py."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role

from . import selectors, services
from .forms import (
    BudgetNoteForm,
    EnterpriseForm,
    InsuranceForm,
    LoanForm,
    SpendingForm,
    SubsidyForm,
)
from .models import (
    BudgetLine,
    Enterprise,
    InsurancePolicy,
    InterestSubsidy,
    PledgeLoan,
    Spending,
)
from .services import FinanceError

PAGE_SIZE = 25
READERS = (Role.OFFICE, Role.LEADER, Role.ADMIN)
STAFF = (Role.STAFF,)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


# ---------------------------------------------------------------------------------------------
# Lists (their Excel exports: list_exports.py)


class ListPage(RoleRequiredMixin, TemplateView):
    """A filtered, paginated list: a page of rows in a fixed number of queries."""

    selector = None  # (user, params) -> (filterset, queryset)
    tab = ""

    def get_context_data(self, **kwargs):
        user = self.request.user
        filterset, rows = type(self).selector(user, self.request.GET)
        page = Paginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        params = self.request.GET.copy()
        params.pop("page", None)
        return super().get_context_data(
            filter=filterset,
            page=page,
            rows=page.object_list,
            query=params.urlencode(),
            can_create=services.may_create(user),
            tab=self.tab,
            **kwargs,
        )


class EnterpriseListView(ListPage):
    template_name = "finance/enterprise_list.html"
    selector = selectors.filtered_enterprises
    tab = "enterprises"


class LoanListView(ListPage):
    template_name = "finance/loan_list.html"
    selector = selectors.filtered_loans
    tab = "loans"


class InsuranceListView(ListPage):
    template_name = "finance/insurance_list.html"
    selector = selectors.filtered_insurance
    tab = "insurance"


# ---------------------------------------------------------------------------------------------
# Details


class EnterpriseDetailView(RoleRequiredMixin, TemplateView):
    template_name = "finance/enterprise_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        enterprise = get_object_or_404(selectors.enterprises_for(user), pk=pk)
        today = timezone.localdate()
        loans = list(PledgeLoan.objects.visible_to(user).filter(enterprise=enterprise))
        for loan in loans:
            loan.outstanding_today = loan.outstanding_at(today)
        return super().get_context_data(
            enterprise=enterprise,
            loans=loans,
            insurance=list(InsurancePolicy.objects.visible_to(user).filter(enterprise=enterprise)),
            cases=selectors.cases_of(enterprise, user),
            today=today,
            can_edit=services.may_edit(user, enterprise.bureau_id),
            tab="enterprises",
            **kwargs,
        )


class LoanDetailView(RoleRequiredMixin, TemplateView):
    template_name = "finance/loan_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        loan = get_object_or_404(selectors.loans_for(user), pk=pk)
        can_edit = services.may_edit(user, loan.bureau_id)
        today = timezone.localdate()
        return super().get_context_data(
            loan=loan,
            subsidies=list(loan.subsidies.select_related("policy")),
            outstanding=loan.outstanding_at(today),
            today=today,
            can_edit=can_edit,
            tab="loans",
            **kwargs,
        )


# ---------------------------------------------------------------------------------------------
# Forms: staff of the keeping bureau write


class RecordFormView(RoleRequiredMixin, View):
    """Create (no pk) or change (pk) one record through its service."""

    roles = STAFF
    model = None
    form_class = None
    template_name = "finance/form.html"
    title_new = ""
    title_edit = ""
    tab = ""
    list_url = ""

    def queryset(self, user):
        return self.model.objects.visible_to(user)

    def get_record(self, request, pk):
        if pk is None:
            return self.model()
        return get_object_or_404(self.queryset(request.user), pk=pk)

    def form_kwargs(self, request):
        return {}

    def save(self, record, user, data, version):
        raise NotImplementedError

    def cancel_url(self, record) -> str:
        if record.pk:
            return record.get_absolute_url()
        return reverse(self.list_url)

    def render_form(self, request, form, record, status=200):
        title = self.title_edit if record.pk else self.title_new
        context = {
            "form": form,
            "record": record,
            "title": title,
            "tab": self.tab,
            "cancel_url": self.cancel_url(record),
            # Fields that take the form's whole width; the others go two by two.
            "wide_fields": ["name", "cluster", "note", "patent_numbers", "trademark_numbers"],
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk=None):
        record = self.get_record(request, pk)
        if record.pk and not services.may_edit(request.user, record.bureau_id):
            raise Http404
        form = self.form_class(instance=record, **self.form_kwargs(request))
        return self.render_form(request, form, record)

    def post(self, request, pk=None):
        record = self.get_record(request, pk)
        if record.pk and not services.may_edit(request.user, record.bureau_id):
            raise Http404
        form = self.form_class(request.POST, instance=record, **self.form_kwargs(request))
        if not form.is_valid():
            return self.render_form(request, form, record, status=400)
        try:
            saved = self.save(record, request.user, form.cleaned_data, form.version)
        except FinanceError as error:
            apply_errors(form, error)
            return self.render_form(request, form, record, status=400)
        messages.success(request, _("Saved."))
        return redirect(saved.get_absolute_url())


def apply_errors(form, error: FinanceError) -> None:
    for name, field_errors in error.errors.items():
        for message in field_errors:
            form.add_error(name if name in form.fields else None, message)
    if not error.errors:
        form.add_error(None, error.message)


class EnterpriseFormView(RecordFormView):
    model = Enterprise
    form_class = EnterpriseForm
    title_new = gettext_lazy("Register an enterprise")
    title_edit = gettext_lazy("Change enterprise")
    tab = "enterprises"
    list_url = "finance:enterprise-list"

    def save(self, record, user, data, version):
        return services.enterprise_save(enterprise=record, user=user, data=data, version=version)


class LoanFormView(RecordFormView):
    model = PledgeLoan
    form_class = LoanForm
    title_new = gettext_lazy("Record a pledge loan")
    title_edit = gettext_lazy("Change pledge loan")
    tab = "loans"
    list_url = "finance:loan-list"

    def get_record(self, request, pk):
        record = super().get_record(request, pk)
        enterprise = request.GET.get("enterprise")
        if record.pk is None and enterprise and enterprise.isdecimal():
            record.enterprise_id = int(enterprise)
        return record

    def form_kwargs(self, request):
        return {"user": request.user}

    def save(self, record, user, data, version):
        return services.loan_save(loan=record, user=user, data=data, version=version)


class InsuranceFormView(RecordFormView):
    model = InsurancePolicy
    form_class = InsuranceForm
    title_new = gettext_lazy("Record an IP insurance policy")
    title_edit = gettext_lazy("Change IP insurance policy")
    tab = "insurance"
    list_url = "finance:insurance-list"

    def form_kwargs(self, request):
        return {"user": request.user}

    def save(self, record, user, data, version):
        return services.insurance_save(policy=record, user=user, data=data, version=version)


class SubsidyFormView(RecordFormView):
    """A subsidy is added on its loan's page (pk is the loan) or changed alone (pk the subsidy)."""

    model = InterestSubsidy
    form_class = SubsidyForm
    title_new = gettext_lazy("Record an interest subsidy")
    title_edit = gettext_lazy("Change interest subsidy")
    tab = "loans"

    def get_record(self, request, pk):
        if self.kwargs.get("loan"):
            loan = get_object_or_404(selectors.loans_for(request.user), pk=self.kwargs["loan"])
            return InterestSubsidy(loan=loan)
        return get_object_or_404(
            InterestSubsidy.objects.visible_to(request.user).select_related("loan"), pk=pk
        )

    def get(self, request, pk=None, loan=None):
        record = self.get_record(request, pk)
        if not services.may_edit(request.user, record.loan.bureau_id):
            raise Http404
        return self.render_form(request, self.form_class(instance=record), record)

    def post(self, request, pk=None, loan=None):
        record = self.get_record(request, pk)
        if not services.may_edit(request.user, record.loan.bureau_id):
            raise Http404
        return super().post(request, pk=pk)

    def cancel_url(self, record) -> str:
        return record.loan.get_absolute_url()

    def save(self, record, user, data, version):
        return services.subsidy_save(subsidy=record, user=user, data=data, version=version)


# ---------------------------------------------------------------------------------------------
# Programme funding


class BudgetView(RoleRequiredMixin, TemplateView):
    template_name = "finance/budget.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        year = _year(self.request)
        rows = selectors.budget_lines(user, year)
        spending = (
            Spending.objects.visible_to(user)
            .filter(budget_line__year=year)
            .select_related("budget_line")
            .order_by("-spent_on", "-id")
        )
        by_line: dict[int, list] = {}
        for item in spending:
            by_line.setdefault(item.budget_line_id, []).append(item)
        for row in rows:
            row.items = by_line.get(row.line.pk, [])
            row.can_spend = services.may_edit(user, row.line.bureau_id)
        totals = {
            "allocated": sum(r.line.allocated for r in rows),
            "spent": sum(r.spent for r in rows),
        }
        return super().get_context_data(
            year=year,
            years=range(year - 2, year + 2),
            rows=rows,
            totals=totals,
            is_office=user.role == Role.OFFICE,
            spending_form=kwargs.pop("spending_form", None) or SpendingForm(),
            tab="budget",
            **kwargs,
        )


def _visible_line(user, pk) -> BudgetLine:
    return get_object_or_404(BudgetLine.objects.visible_to(user), pk=pk)


class SpendingCreateView(RoleRequiredMixin, View):
    roles = STAFF

    def post(self, request, pk):
        line = _visible_line(request.user, pk)
        form = SpendingForm(request.POST, instance=Spending(budget_line=line))
        url = f"{_budget_url()}?year={line.year}#line-{line.pk}"
        if form.is_valid():
            try:
                services.spending_save(
                    spending=Spending(),
                    user=request.user,
                    data={"budget_line": line, **form.cleaned_data},
                )
            except FinanceError as error:
                messages.error(request, error.message)
                return redirect(url)
            messages.success(request, _("Spending recorded."))
        else:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
        return redirect(url)


class BudgetNoteView(RoleRequiredMixin, View):
    roles = (Role.OFFICE,)

    def post(self, request, pk):
        line = _visible_line(request.user, pk)
        form = BudgetNoteForm(request.POST)
        note = form.data.get("overspend_note", "")
        try:
            services.budget_note(line=line, user=request.user, note=note)
        except FinanceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Note saved: the line may be over-spent."))
        return redirect(f"{_budget_url()}?year={line.year}#line-{line.pk}")


def _budget_url() -> str:
    return reverse("finance:budget")


# ---------------------------------------------------------------------------------------------
# The office's finance page


class OverviewView(RoleRequiredMixin, TemplateView):
    roles = READERS
    template_name = "finance/overview.html"

    def get_context_data(self, **kwargs):
        year = _year(self.request)
        overview = selectors.finance_overview(self.request.user, year)
        return super().get_context_data(
            overview=overview,
            year=year,
            years=range(year - 2, year + 2),
            chart_data=overview.chart_data(),
            chart_labels={
                "granted": _("Granted"),
                "outstanding": _("Outstanding"),
                "allocated": _("Allocated"),
                "spent": _("Spent"),
                "empty": _("No data for this year."),
                "yuan": _("yuan"),
            },
            tab="overview",
            **kwargs,
        )
