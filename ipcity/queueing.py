"""Enqueue or keep for later: no request hangs, fails or loses work because the broker is down.

Every task of the project is a `KeptTask` (ipcity/celery.py makes it the app's task class), so
every `.delay()` / `.apply_async()` follows one rule: publish with a short, bounded retry
(settings: CELERY_BROKER_CONNECTION_TIMEOUT, CELERY_TASK_PUBLISH_RETRY_POLICY); if the broker is
still unreachable, write the task to the database (health.PendingTask) and return None instead
of raising. `redispatch()` publishes the kept tasks again, oldest first: a worker does it when it
starts (`worker_ready`) and beat asks for it every minute (health.tasks.redispatch_pending), so
the work runs once the broker is back; meanwhile an ExportJob simply stays "queued".
"""

import logging

from celery import Task
from celery.signals import worker_ready
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# What a publish raises when the broker cannot be reached (kombu wraps the transport's errors;
# a refused or reset socket can surface as OSError).
BROKER_DOWN = (OperationalError, OSError)
REDISPATCH_BATCH = 100


class KeptTask(Task):
    # False for the minute-by-minute jobs of beat: a missed one is no work lost (the next comes a
    # minute later), and keeping each would only pile up copies during an outage.
    keep_when_broker_down = True

    def apply_async(self, args=None, kwargs=None, **options):
        try:
            return super().apply_async(args, kwargs, **options)
        except BROKER_DOWN as error:
            if not self.keep_when_broker_down:
                raise
            keep(self.name, args, kwargs, error)
            return None


def keep(name: str, args, kwargs, error: Exception):
    from health.models import PendingTask

    logger.warning("broker unavailable, task %s kept for later: %s", name, error)
    return PendingTask.objects.create(
        name=name, args=list(args or ()), kwargs=dict(kwargs or {}), last_error=str(error)[:500]
    )


def redispatch() -> int:
    """Publish the kept tasks again, oldest first; stop at the first that still cannot go.

    Each row is deleted in the transaction that published it, and rows are locked with SKIP
    LOCKED, so two workers starting together never publish the same task twice.
    """
    from health.models import PendingTask

    from .celery import app

    sent, unpublishable = 0, []
    while True:
        with transaction.atomic():
            rows = list(
                PendingTask.objects.select_for_update(skip_locked=True)
                .exclude(id__in=unpublishable)
                .order_by("id")[:REDISPATCH_BATCH]
            )
            for row in rows:
                try:
                    Task.apply_async(app.tasks[row.name], row.args, row.kwargs)
                except BROKER_DOWN as error:
                    _note_failure(row, error)
                    return sent
                except Exception as error:  # a task renamed by a deploy, arguments it refuses
                    # Kept with its error for the administrator (health admin); the others go on.
                    logger.exception("kept task %s cannot be published", row.name)
                    _note_failure(row, error)
                    unpublishable.append(row.id)
                    continue
                row.delete()
                sent += 1
        if len(rows) < REDISPATCH_BATCH:
            return sent


def _note_failure(row, error: Exception) -> None:
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:500]
    row.save(update_fields=["attempts", "last_error"])


@worker_ready.connect
def _redispatch_when_a_worker_starts(**_kwargs) -> None:
    sent = redispatch()
    if sent:
        logger.info("%s kept task(s) published again", sent)
