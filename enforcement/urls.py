from django.urls import path

from exports.views import ListExportView

from . import excel_views, views

app_name = "enforcement"
urlpatterns = [
    path("", views.CaseListView.as_view(), name="case-list"),
    path("export.xlsx", ListExportView.as_view(), {"kind": "cases"}, name="case-export"),
    path("new/", views.CaseFormView.as_view(), name="case-create"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("<int:pk>/edit/", views.CaseFormView.as_view(), name="case-edit"),
    path("<int:pk>/steps/", views.CaseStepView.as_view(), name="case-step"),
    path("<int:pk>/transfer/", views.CaseTransferView.as_view(), name="case-transfer"),
    path("<int:pk>/accept/", views.TransferAcceptView.as_view(), name="transfer-accept"),
    path("attachments/<int:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign-list"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("template.xlsx", excel_views.CasesTemplateView.as_view(), name="case-template"),
    path("import/", excel_views.CasesImportView.as_view(), name="case-import"),
]
