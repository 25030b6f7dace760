"""Writes of the targets app. The Celery task, the management command and the office's button all
call `progress_compute`, so a run is recorded and guarded the same way whoever starts it."""

import datetime
import logging
import traceback

from django.db import connection, transaction
from django.utils import timezone

from . import progress
from .metrics import registry
from .models import Progress, ProgressRun, RunStatus

logger = logging.getLogger(__name__)

# A run still "running" after this long died with its worker: it is marked failed, not resumed.
STALE_RUN_AFTER = datetime.timedelta(hours=1)
# Any constant: the PostgreSQL advisory lock that keeps two runs from writing at once.
ADVISORY_LOCK_KEY = 20261231


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
    started = timezone.now()
    ProgressRun.objects.filter(
        status=RunStatus.RUNNING, started_at__lt=started - STALE_RUN_AFTER
    ).update(status=RunStatus.FAILED, error="interrupted: the run never finished")
    run = ProgressRun.objects.create(trigger=trigger, started_at=started)
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
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
