from django.urls import path, re_path

from . import report_views

app_name = "report"
CODE = r"(?P<code>\d{4}(?:Q[1-4])?)"
urlpatterns = [
    path("", report_views.ReportIndexView.as_view(), name="index"),
    path("history/", report_views.ReportHistoryView.as_view(), name="history"),
    path("history/<int:pk>/", report_views.StoredReportView.as_view(), name="stored"),
    re_path(
        r"^circulars/(?P<pk>\d+)/(?P<fmt>docx|pdf)/$",
        report_views.CircularDownloadView.as_view(),
        name="circular-download",
    ),
    re_path(rf"^{CODE}/$", report_views.ReportPreviewView.as_view(), name="preview"),
    re_path(
        rf"^{CODE}/(?P<fmt>pdf|xlsx)/$", report_views.ReportDownloadView.as_view(), name="download"
    ),
]
