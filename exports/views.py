"""List exports (every list declared in a `list_exports.py`, see registry.py) and the export
jobs' progress pages."""

from django.conf import settings
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import DetailView

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role

from . import services
from .downloads import as_download
from .models import ExportJob, JobStatus
from .registry import ExportParamsError, get_export
from .streaming import XLSX_TYPE, export_response

EXPORT_ROLES = (Role.STAFF, Role.OFFICE, Role.LEADER, Role.ADMIN)


def request_params(query, **extra) -> dict:
    """The list page's filters as a plain dict (what a job stores): the page number and empty
    fields (a form submitted with nothing chosen) are no filter."""
    params = {key: value for key, value in query.items() if key != "page" and value != ""}
    params.update(extra)
    return params


class ListExportView(RoleRequiredMixin, View):
    """GET with a list page's query string: the filtered list as Excel, scoped to what the user
    may see. Large lists become a background job.

    Routed as /exports/<kind>/<period>/ for the period lists and, with `kind` given, at each
    register's own export URL (its list page's button)."""

    roles = EXPORT_ROLES

    def get(self, request, kind, period=None):
        export = get_export(kind)
        params = request_params(request.GET, **({"period": period} if period else {}))
        try:
            queryset = export.queryset(request.user, params)
        except ExportParamsError as error:
            context = {"title": export.title, "errors": error.messages}
            return render(request, "exports/invalid_params.html", context, status=400)
        total = queryset.count()
        if total > settings.EXPORT_SYNC_ROWS:
            job = services.export_job_create(
                kind=kind, params=params, user=request.user, total=total
            )
            return redirect("exports:job", pk=job.pk)
        response = export_response(export.columns, export.read(queryset), title=str(export.title))
        return as_download(
            response,
            request,
            filename=export.filename(params),
            fallback=export.fallback(params),
            detail={"export": kind, "filters": params, "rows": total},
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
        return as_download(
            response,
            request,
            filename=job.filename,
            fallback=f"{job.kind}-{job.pk}.xlsx",
            detail={"export": job.kind, "filters": job.params, "rows": job.progress},
        )
