from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from health.views import healthz
from tasks_registry.views import ProgrammeView

admin.site.site_header = admin.site.site_title = _("IP-strong-city pilot portal administration")

urlpatterns = [
    path("", ProgrammeView.as_view(), name="home"),
    path("accounts/", include("bureaus.urls")),
    path("programme/", include("tasks_registry.urls")),
    path("reporting/", include("workflow.urls")),
    path("cases/", include("enforcement.urls")),
    path("finance/", include("finance.urls")),
    path("notifications/", include("notifications.urls")),
    path("dashboard/", include("reports.urls")),
    path("reports/", include("reports.report_urls")),
    path("exports/", include("exports.urls")),
    path("assessment/", include("reports.assessment_urls")),
    path("targets/", include("targets.urls")),
    path("health/", include("health.urls")),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("ipcity.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]
