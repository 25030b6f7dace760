from django.urls import path

from exports.views import ListExportView

from . import import_views, views

app_name = "finance"
urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise-list"),
    path(
        "enterprises/export.xlsx",
        ListExportView.as_view(),
        {"kind": "enterprises"},
        name="enterprise-export",
    ),
    path("enterprises/new/", views.EnterpriseFormView.as_view(), name="enterprise-create"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise-detail"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseFormView.as_view(), name="enterprise-edit"),
    path("loans/", views.LoanListView.as_view(), name="loan-list"),
    path("loans/export.xlsx", ListExportView.as_view(), {"kind": "loans"}, name="loan-export"),
    path("loans/new/", views.LoanFormView.as_view(), name="loan-create"),
    path("loans/<int:pk>/", views.LoanDetailView.as_view(), name="loan-detail"),
    path("loans/<int:pk>/edit/", views.LoanFormView.as_view(), name="loan-edit"),
    path("loans/<int:loan>/subsidies/new/", views.SubsidyFormView.as_view(), name="subsidy-create"),
    path("subsidies/<int:pk>/edit/", views.SubsidyFormView.as_view(), name="subsidy-edit"),
    path("insurance/", views.InsuranceListView.as_view(), name="insurance-list"),
    path(
        "insurance/export.xlsx",
        ListExportView.as_view(),
        {"kind": "insurance"},
        name="insurance-export",
    ),
    path("insurance/new/", views.InsuranceFormView.as_view(), name="insurance-create"),
    path("insurance/<int:pk>/edit/", views.InsuranceFormView.as_view(), name="insurance-edit"),
    path("budget/", views.BudgetView.as_view(), name="budget"),
    path("budget/<int:pk>/spending/", views.SpendingCreateView.as_view(), name="spending-create"),
    path("budget/<int:pk>/note/", views.BudgetNoteView.as_view(), name="budget-note"),
]

# Excel import of enterprises and loans: template, upload → preview → confirm.
urlpatterns += [
    path("<str:kind>/template.xlsx", import_views.TemplateView.as_view(), name="import-template"),
    path("<str:kind>/import/", import_views.ImportView.as_view(), name="import"),
]
