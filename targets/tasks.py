"""Celery tasks of the targets app: thin wrappers around services."""

from celery import shared_task
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

from .periods import ensure_open_periods
from .services import Trigger, progress_compute

# A lost database or broker connection is worth retrying; a bug in a metric is not.
RETRY_ON = (OperationalError, InterfaceError, BrokerOperationalError, ConnectionError)


# The run is idempotent and atomic, so it is safe to acknowledge late: a worker that dies
# mid-run leaves the previous results, and the broker hands the task to another worker.
@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=RETRY_ON,
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def compute_progress(trigger: str = Trigger.NIGHTLY) -> int:
    """Nightly (02:00 Asia/Shanghai, see CELERY_BEAT_SCHEDULE): the calendar's own job (the open
    quarters exist, R1.4), then every indicator's progress."""
    ensure_open_periods()
    return progress_compute(trigger=trigger).pk
