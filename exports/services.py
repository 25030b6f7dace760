"""Writes of the exports app: generating (and storing) assessment reports, running export jobs.

The report page's buttons, `manage.py export_report` and the history all go through
`report_generate`, so what the command writes is what the button hands out.
"""

import datetime
import hashlib
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports.assembly import Report, assemble_report

from .models import ExportJob, GeneratedReport, JobStatus, ReportFormat, ReportKind
from .registry import get_export
from .streaming import write_rows

INTERRUPTED = "The export was interrupted (its worker stopped) and was not restarted."


@dataclass
class RenderedReport:
    report: Report
    format: str
    content: bytes
    filename: str
    fallback: str


def report_filenames(report: Report, fmt: str) -> tuple[str, str]:
    """The download's Chinese name and an ASCII fallback."""
    return (
        f"{report.full_title}-{report.code}.{fmt}",
        f"assessment-report-{report.code}.{fmt}",
    )


def report_render(
    *, code: str, fmt: str, today: datetime.date | None = None, report: Report | None = None
) -> RenderedReport:
    """The report of a period in a format, always in the portal's language (an official
    document reads the same whoever generates it)."""
    from reports.pdf import render_pdf
    from reports.report_xlsx import render_xlsx

    if fmt not in ReportFormat.values:
        raise ValueError(f"unknown format {fmt!r}")
    with translation.override(settings.LANGUAGE_CODE):
        report = report or assemble_report(code, today=today)
        content = render_pdf(report) if fmt == ReportFormat.PDF else render_xlsx(report)
        filename, fallback = report_filenames(report, fmt)
    return RenderedReport(report, fmt, content, filename, fallback)


def kept_copy(report: Report, fmt: str) -> GeneratedReport | None:
    """Today's kept report of the same period and format from the same progress run: what a
    new rendering would show (the files differ only in their creation time)."""
    return (
        GeneratedReport.objects.filter(
            period_code=report.code,
            format=fmt,
            data_version=report.data_version,
            created_at__gte=timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0),
        )
        .order_by("-created_at", "-id")
        .first()
    )


def report_generate(
    *,
    code: str,
    fmt: str,
    user=None,
    trigger: str = "page",
    today: datetime.date | None = None,
    reuse_kept: bool = False,
) -> GeneratedReport:
    """Render the report and keep it, byte for byte, in the history.

    With `reuse_kept` (a read-only role asking), today's kept copy of the same data is handed
    out instead of rendering and keeping another. Rendering (seconds, for a PDF) happens outside
    any transaction; the file is written first and the row saved after it, so a row never points
    at a missing file."""
    report = None
    if reuse_kept:
        with translation.override(settings.LANGUAGE_CODE):
            report = assemble_report(code, today=today)
        if (kept := kept_copy(report, fmt)) is not None:
            return kept
    rendered = report_render(code=code, fmt=fmt, today=today, report=report)
    stored = GeneratedReport(
        kind=ReportKind.ANNUAL if rendered.report.annual else ReportKind.QUARTERLY,
        period_code=rendered.report.code,
        format=fmt,
        created_by=user if user is not None and user.is_authenticated else None,
        trigger=trigger,
        data_version=rendered.report.data_version,
        filename=rendered.filename,
        size=len(rendered.content),
        sha256=hashlib.sha256(rendered.content).hexdigest(),
    )
    stored.file.save(rendered.fallback, ContentFile(rendered.content), save=False)
    try:
        stored.save()
    except Exception:
        stored.file.delete(save=False)
        raise
    return stored


# Export jobs ------------------------------------------------------------------------------------


def export_job_create(*, kind: str, params: dict, user, total: int) -> ExportJob:
    """Queue a large export; the worker is told once the job row is committed."""
    from .tasks import run_export

    job = ExportJob.objects.create(kind=kind, params=params, created_by=user, total=total)
    transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


def export_job_run(*, job_id: int) -> ExportJob:
    """Write the job's file. A job already running was interrupted by a crash: marked failed,
    not re-run (its partial file is never handed out)."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job_id)
        if job.status == JobStatus.RUNNING:
            job.status = JobStatus.FAILED
            job.error = INTERRUPTED
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "error", "finished_at"])
            return job
        if job.status != JobStatus.QUEUED:
            return job
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])

    def progress(count: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(progress=count)

    try:
        export = get_export(job.kind)
        with translation.override(settings.LANGUAGE_CODE):
            filename = export.filename(job.params)
            with tempfile.TemporaryFile(suffix=".xlsx") as file:
                count = write_rows(
                    file,
                    export.columns,
                    export.rows(job.created_by, job.params),
                    title=str(export.title),
                    on_progress=progress,
                )
                file.seek(0)
                job.file.save(f"{job.kind}-{job.pk}.xlsx", File(file), save=False)
    except Exception as error:  # the page shows why; the worker log has the traceback
        job.status = JobStatus.FAILED
        message = "\n".join(error.messages) if isinstance(error, ValidationError) else str(error)
        job.error = message[:2000] or error.__class__.__name__
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise
    job.status = JobStatus.DONE
    job.progress = count
    job.filename = filename
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "progress", "filename", "file", "finished_at"])
    return job


def export_jobs_fail_stale(*, now: datetime.datetime | None = None) -> int:
    """Jobs still "running" past the task time limit died with their worker: mark them failed."""
    now = now or timezone.now()
    limit = datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    return ExportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - limit).update(
        status=JobStatus.FAILED, error=INTERRUPTED, finished_at=now
    )


def job_title(job: ExportJob) -> str:
    return str(get_export(job.kind).title) if job.kind else _("Export")
