"""Writes of the targets app. The Celery task, the management command and the office's button all
call `progress_compute`, so a run is recorded and guarded the same way whoever starts it."""

import datetime
import logging
import traceback
from contextlib import contextmanager
from decimal import Decimal

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import progress
from .metrics import registry
from .models import (
    Indicator,
    IndicatorKind,
    IndicatorSource,
    Period,
    Progress,
    ProgressRun,
    RunStatus,
    TargetAssessment,
)

logger = logging.getLogger(__name__)

# Without PostgreSQL's lock to tell (SQLite), a run still "running" after this long is taken to
# have died with its worker.
STALE_RUN_AFTER = datetime.timedelta(hours=1)
# Any constant: the PostgreSQL advisory lock a run holds from before its record is created until
# it has finished, so two runs never write at once, and a "running" record whose run does not
# hold it belongs to a worker that died (the server drops a dead client's locks).
ADVISORY_LOCK_KEY = 20261231
INTERRUPTED = "interrupted: the run never finished"


class Trigger:
    NIGHTLY = "nightly"
    COMMAND = "command"
    OFFICE = "office"


def progress_compute(
    *, trigger: str = Trigger.NIGHTLY, today: datetime.date | None = None
) -> ProgressRun:
    """Compute every indicator's progress in one transaction and record the run.

    A failure leaves the previous Progress rows as they were (the transaction rolls back), marks
    the run failed with the error, and re-raises so Celery sees it.
    """
    today = today or timezone.localdate()
    with _run_lock() as locked:
        _close_interrupted_runs(all_of_them=locked)
        run = ProgressRun.objects.create(trigger=trigger, started_at=timezone.now())
        return _run(run, today)


def _run(run: ProgressRun, today: datetime.date) -> ProgressRun:
    try:
        with transaction.atomic():
            created, updated, deleted = _store(progress.compute_all(today))
            headlines = registry.headlines(today)
    except Exception:
        run.status = RunStatus.FAILED
        run.error = traceback.format_exc(limit=5)
        _finish(run)
        logger.exception("progress run %s failed", run.pk)
        raise
    run.status = RunStatus.SUCCEEDED
    run.rows_created, run.rows_updated, run.rows_deleted = created, updated, deleted
    run.headlines = headlines
    _finish(run)
    return run


@contextmanager
def _run_lock():
    """Hold the run lock (PostgreSQL); yield whether there is one. Waits for a run in progress.

    A session lock, not a transaction's: it must cover the run's record, written outside the
    run's transaction so the office sees a run in progress.
    """
    if connection.vendor != "postgresql":
        yield False
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
    try:
        yield True
    finally:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        except DatabaseError:  # the connection is gone, and with it the lock
            logger.warning("progress run lock not released: the connection was lost")


def _close_interrupted_runs(*, all_of_them: bool) -> int:
    """Mark failed the runs left "running" by a worker that died mid-run.

    Holding the lock, every other "running" record is such a run; without it (SQLite) only
    those older than STALE_RUN_AFTER are taken to be.
    """
    running = ProgressRun.objects.filter(status=RunStatus.RUNNING)
    if not all_of_them:
        running = running.filter(started_at__lt=timezone.now() - STALE_RUN_AFTER)
    return running.update(status=RunStatus.FAILED, error=INTERRUPTED, finished_at=timezone.now())


def _finish(run: ProgressRun) -> None:
    run.finished_at = timezone.now()
    run.duration = run.finished_at - run.started_at
    run.save()


def _store(rows: dict[tuple[int, int], dict]) -> tuple[int, int, int]:
    """Make the Progress table equal `rows` with a fixed number of queries; return the counts."""
    existing = {(p.indicator_id, p.period_id): p for p in Progress.objects.order_by()}
    to_create, to_update = [], []
    for key, fields in rows.items():
        current = existing.pop(key, None)
        if current is None:
            to_create.append(Progress(indicator_id=key[0], period_id=key[1], **fields))
        elif any(getattr(current, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(current, name, value)
            to_update.append(current)
    if existing:
        Progress.objects.filter(pk__in=[p.pk for p in existing.values()]).delete()
    Progress.objects.bulk_create(to_create, batch_size=1000)
    Progress.objects.bulk_update(to_update, list(progress.FIELDS), batch_size=1000)
    return len(to_create), len(to_update), len(existing)


NOT_QUALITATIVE = _("Only a qualitative target is assessed by the office.")
PERIOD_NOT_BEGUN = _("A period that has not begun cannot be assessed.")


class AssessmentError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def target_assess(
    *,
    indicator: Indicator,
    period: Period,
    verdict: str,
    narrative: str,
    files: list,
    user,
    today: datetime.date | None = None,
) -> TargetAssessment:
    """Record (or revise) the office's verdict on a qualitative target for a period (R3.6), with
    its evidence files, then recompute progress so every page shows it."""
    from workflow.evidence import attach

    today = today or timezone.localdate()
    if indicator.kind != IndicatorKind.QUALITATIVE:
        raise AssessmentError(NOT_QUALITATIVE)
    if period.start_date > today:
        raise AssessmentError(PERIOD_NOT_BEGUN)
    with transaction.atomic():
        assessment, _created = TargetAssessment.objects.update_or_create(
            indicator=indicator,
            period=period,
            defaults={
                "verdict": verdict,
                "narrative": narrative,
                "assessed_by": user,
                "assessed_at": timezone.now(),
            },
        )
        for upload, mime in files:
            attach(assessment, upload, user=user, mime_type=mime)
    progress_compute(trigger=Trigger.OFFICE, today=today)
    return assessment


def industry_fill(industry: Indicator, *, parent: Indicator) -> None:
    """Make an industry the office lists for 3.1 (R3.4) an auxiliary indicator that 3.1's
    reporting bureau reports as a figure each quarter: its national average is its target."""
    if parent.source != IndicatorSource.INDUSTRIES:
        raise ValueError(f"{parent.code} is not measured per industry")
    if not industry.code:
        taken = set(parent.parts.values_list("code", flat=True))
        number = next(n for n in range(1, len(taken) + 2) if f"{parent.code}.{n}" not in taken)
        industry.code = f"{parent.code}.{number}"
        industry.order = industry.order or parent.order + number
    industry.parent = parent
    industry.area_id = parent.area_id
    industry.kind = IndicatorKind.DERIVED_RATIO
    industry.source = IndicatorSource.FIGURE
    industry.reporting_bureau_id = parent.reporting_bureau_id
    industry.is_auxiliary = True
    industry.deadline = parent.deadline
    industry.target_text = f"{industry.name}：{parent.target_text}"[:200]


def industry_list(
    *, parent: Indicator, name: str, unit: str, national_average: Decimal, note: str = ""
) -> Indicator:
    """The office lists one industry of 3.1 with its national average density (R3.4)."""
    industry = Indicator(name=name, unit=unit, target_value=national_average, note=note)
    industry_fill(industry, parent=parent)
    industry.save()
    return industry


BASELINE_KINDS = (IndicatorKind.GROWTH_RATE, IndicatorKind.STOCK, IndicatorKind.DERIVED_RATIO)
NO_BASELINE = _("This target has no baseline: it is counted per year or assessed by the office.")


def baseline_set(
    *, indicator: Indicator, year: int, value, user, today: datetime.date | None = None
) -> Indicator:
    """The office sets a target's baseline year and (optionally) value (R3.3): kept in the
    indicator's history, the change is its confirmation (R4.2), and progress is recomputed so
    every page grows from the new baseline at once."""
    from core.provenance import confirm

    if indicator.kind not in BASELINE_KINDS:
        raise AssessmentError(NO_BASELINE)
    with transaction.atomic():
        indicator.baseline_year, indicator.baseline_value = year, value
        indicator._change_reason = "baseline set by the office"
        indicator.save(update_fields=["baseline_year", "baseline_value"])
        confirm([indicator], user=user)
    progress_compute(trigger=Trigger.OFFICE, today=today)
    return indicator
