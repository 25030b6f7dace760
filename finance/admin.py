"""Finance in the admin. The registers (enterprises, loans, insurance, subsidies, spending) are kept
on the pages, whose services check the bureau, the enterprise's owner and the subsidy cap; the admin
shows them read-only to everyone, the administrator included, so it is no second, unchecked way
in. Their History page shows the office and the administrator every change (old and new values,
the user). The office sets the subsidy policy and the budget allocations here (no page does)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from bureaus.admin import OfficeEditableAdmin, OfficeReadOnlyAdmin, PersonalData

from .models import (
    BudgetLine,
    Enterprise,
    IndustryCluster,
    InsurancePolicy,
    InterestSubsidy,
    PledgeLoan,
    Spending,
    SubsidyPolicy,
)


@admin.register(IndustryCluster)
class IndustryClusterAdmin(OfficeEditableAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


@admin.register(SubsidyPolicy)
class SubsidyPolicyAdmin(SimpleHistoryAdmin, OfficeEditableAdmin):
    list_display = ["year", "share", "cap_per_enterprise"]
    search_fields = ["year", "note"]


@admin.register(Enterprise)
class EnterpriseAdmin(PersonalData, SimpleHistoryAdmin, OfficeReadOnlyAdmin):
    list_display = ["name", "uscc", "town", "cluster", "ip_status", "ip_status_level", "bureau"]
    list_filter = [
        "cluster",
        "town",
        "bureau",
        "is_high_tech",
        "is_above_size",
        "is_listed",
        "ip_status",
        "ip_status_level",
    ]
    search_fields = ["name", "uscc"]
    personal_fields = ("contact",)
    list_select_related = ["town", "cluster", "bureau"]
    readonly_fields = ["updated_by", "created_at", "updated_at"]


@admin.register(PledgeLoan)
class PledgeLoanAdmin(SimpleHistoryAdmin, OfficeReadOnlyAdmin):
    list_display = ["enterprise", "lender", "amount", "start_date", "maturity_date", "status"]
    list_filter = ["status", "lender", "bureau", "start_date"]
    search_fields = [
        "enterprise__name",
        "enterprise__uscc",
        "lender",
        "registration_number",
        "patent_numbers",
        "trademark_numbers",
    ]
    list_select_related = ["enterprise"]
    autocomplete_fields = ["enterprise"]
    date_hierarchy = "start_date"
    readonly_fields = ["updated_by", "created_at", "updated_at"]


@admin.register(InterestSubsidy)
class InterestSubsidyAdmin(SimpleHistoryAdmin, OfficeReadOnlyAdmin):
    list_display = ["loan", "applied_amount", "approved_amount", "paid_amount", "paid_on"]
    list_filter = ["policy", "paid_on"]
    search_fields = ["loan__enterprise__name", "loan__lender"]
    list_select_related = ["loan__enterprise"]


@admin.register(InsurancePolicy)
class InsurancePolicyAdmin(SimpleHistoryAdmin, OfficeReadOnlyAdmin):
    list_display = ["enterprise", "kind", "insurer", "premium", "coverage", "starts_on", "ends_on"]
    list_filter = ["kind", "insurer", "bureau"]
    search_fields = ["enterprise__name", "enterprise__uscc", "insurer", "policy_number"]
    list_select_related = ["enterprise"]
    autocomplete_fields = ["enterprise"]
    readonly_fields = ["updated_by", "created_at", "updated_at"]


class SpendingInline(admin.TabularInline):
    model = Spending
    extra = 0
    fields = ["spent_on", "amount", "description", "subsidy"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BudgetLine)
class BudgetLineAdmin(SimpleHistoryAdmin, OfficeEditableAdmin):
    list_display = ["year", "purpose", "title", "allocated", "bureau"]
    list_filter = ["year", "purpose", "bureau"]
    search_fields = ["title", "overspend_note"]
    list_select_related = ["bureau"]
    readonly_fields = ["overspend_noted_by", "updated_by", "created_at", "updated_at"]
    inlines = [SpendingInline]


@admin.register(Spending)
class SpendingAdmin(SimpleHistoryAdmin, OfficeReadOnlyAdmin):
    list_display = ["spent_on", "budget_line", "amount", "description"]
    list_filter = ["budget_line__year", "budget_line__purpose"]
    search_fields = ["description", "budget_line__title"]
    list_select_related = ["budget_line"]
