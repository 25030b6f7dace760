"""The assessment report pages: choose a period, preview, download PDF or Excel (each download
is kept in the history), and re-download a kept report exactly as it was handed out."""

import datetime

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role
from exports import services
from exports.downloads import as_download
from exports.models import GeneratedReport, ReportFormat
from targets.periods import begun_periods, latest_ended

from . import report_html
from .assembly import PERIOD_CODE, ReportPeriodError, assemble_report

REPORT_ROLES = (Role.OFFICE, Role.LEADER)
READ_ONLY_ROLES = (Role.LEADER,)  # they read reports; the office issues them
TOO_MANY_REPORTS = gettext_lazy(
    "You have generated %(count)s reports in the last hour: download one from the history, or "
    "try again later."
)
NOT_A_PERIOD = gettext_lazy(
    "“%(code)s” is not a report period: choose a quarter like 2026Q3 or a year like 2026."
)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def generated_in_the_last_hour(user) -> int:
    since = timezone.now() - datetime.timedelta(hours=1)
    return GeneratedReport.objects.filter(created_by=user, created_at__gte=since).count()


def _serve(request, stored: GeneratedReport) -> FileResponse:
    response = FileResponse(stored.file.open("rb"), content_type=CONTENT_TYPES[stored.format])
    return as_download(
        response,
        request,
        filename=stored.filename,
        fallback=f"assessment-report-{stored.period_code}.{stored.format}",
        detail={"report": stored.pk},
    )


class ReportIndexView(RoleRequiredMixin, TemplateView):
    """The periods a report can be made for: every quarter begun, and every year."""

    template_name = "reports/report_index.html"
    roles = REPORT_ROLES

    def get(self, request, *args, **kwargs):
        code = request.GET.get("period")
        if code and not PERIOD_CODE.match(code):
            context = {"errors": [NOT_A_PERIOD % {"code": code}], "back": request.path}
            return render(request, "bad_request.html", context, status=400)
        if code:
            return redirect("report:preview", code=code)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        periods = begun_periods()
        current = latest_ended(periods)
        years = sorted({p.year for p in periods}, reverse=True)
        return super().get_context_data(
            quarters=list(reversed(periods)),
            years=years,
            current=current,
            recent=GeneratedReport.objects.select_related("created_by")[:5],
            **kwargs,
        )


class ReportPreviewView(RoleRequiredMixin, TemplateView):
    template_name = "reports/report_preview.html"
    roles = REPORT_ROLES

    def get_context_data(self, **kwargs):
        try:
            report = assemble_report(self.kwargs["code"], today=timezone.localdate())
        except ReportPeriodError as error:
            raise Http404(str(error)) from error
        return super().get_context_data(
            report=report, body=report_html.render_body(report), formats=ReportFormat, **kwargs
        )


class ReportDownloadView(RoleRequiredMixin, View):
    """POST: render the report in the format, keep it in the history, send it."""

    roles = REPORT_ROLES

    def post(self, request, code, fmt):
        if fmt not in ReportFormat.values:
            raise Http404("unknown format")
        read_only = request.user.role in READ_ONLY_ROLES
        if read_only and generated_in_the_last_hour(request.user) >= settings.REPORTS_PER_HOUR:
            context = {
                "errors": [TOO_MANY_REPORTS % {"count": settings.REPORTS_PER_HOUR}],
                "back": reverse("report:history"),
            }
            return render(request, "bad_request.html", context, status=429)
        try:
            stored = services.report_generate(
                code=code, fmt=fmt, user=request.user, reuse_kept=read_only
            )
        except ReportPeriodError as error:
            raise Http404(str(error)) from error
        return _serve(request, stored)


class ReportHistoryView(RoleRequiredMixin, ListView):
    template_name = "reports/report_history.html"
    roles = REPORT_ROLES
    context_object_name = "reports"
    paginate_by = 50

    def get_queryset(self):
        return GeneratedReport.objects.select_related("created_by")


class StoredReportView(RoleRequiredMixin, View):
    """A kept report, byte for byte as it was generated."""

    roles = REPORT_ROLES

    def get(self, request, pk):
        return _serve(request, get_object_or_404(GeneratedReport, pk=pk))


class CircularDownloadView(RoleRequiredMixin, View):
    """A circular as Word (editable) or PDF, for whoever may read it (drafts: the office and
    leaders; published circulars: every bureau)."""

    def get(self, request, pk, fmt):
        from exports.circular_export import circular_docx, circular_pdf
        from reports.models import Circular

        circular = get_object_or_404(
            Circular.objects.visible_to(request.user).select_related("period"), pk=pk
        )
        if fmt == "docx":
            content, content_type = circular_docx(circular), DOCX_TYPE
        else:
            content, content_type = circular_pdf(circular), "application/pdf"
        response = HttpResponse(content, content_type=content_type)
        return as_download(
            response,
            request,
            filename=f"{circular.title}.{fmt}",
            fallback=f"circular-{circular.pk}.{fmt}",
        )
