"""List exports (figures and task reports of a period, and any list registered in registry.py)
and the export jobs' progress pages."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import DetailView

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role

from . import services
from .models import ExportJob, JobStatus
from .registry import get_export
from .streaming import XLSX_TYPE, attachment_header, export_response

EXPORT_ROLES = (Role.STAFF, Role.OFFICE, Role.LEADER, Role.ADMIN)
FILTERS = ("bureau", "state", "indicator", "task")


class ListExportView(RoleRequiredMixin, View):
    """GET /exports/<kind>/<period>/?bureau=…&state=…: the filtered list as Excel, scoped to
    what the user may see. Large lists become a background job."""

    roles = EXPORT_ROLES

    def get(self, request, kind, period):
        export = get_export(kind)
        params = {"period": period}
        params.update({k: request.GET[k] for k in FILTERS if request.GET.get(k)})
        queryset = export.queryset(request.user, params)
        total = queryset.count()
        if total > settings.EXPORT_SYNC_ROWS:
            job = services.export_job_create(
                kind=kind, params=params, user=request.user, total=total
            )
            return redirect("exports:job", pk=job.pk)
        filename = export.filename(params)
        return export_response(
            export.columns,
            export.rows(request.user, params),
            title=str(export.title),
            filename=filename,
            fallback=f"{kind}-{period}.xlsx",
        )


class JobQuerysetMixin(RoleRequiredMixin):
    roles = EXPORT_ROLES

    def get_queryset(self):
        # A job's file holds what its requester may see: nobody else opens it.
        return ExportJob.objects.filter(created_by=self.request.user)


class JobView(JobQuerysetMixin, DetailView):
    template_name = "exports/job.html"
    context_object_name = "job"

    def get_object(self, queryset=None):
        services.export_jobs_fail_stale()
        return super().get_object(queryset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=services.job_title(self.object), **kwargs)


class JobDownloadView(JobQuerysetMixin, View):
    def get(self, request, pk):
        job = get_object_or_404(self.get_queryset(), pk=pk)
        if job.status != JobStatus.DONE or not job.file:
            raise Http404("the export is not ready")
        response = FileResponse(job.file.open("rb"), content_type=XLSX_TYPE)
        response["Content-Disposition"] = attachment_header(
            job.filename, f"{job.kind}-{job.pk}.xlsx"
        )
        response["Cache-Control"] = "private, no-store"
        return response
