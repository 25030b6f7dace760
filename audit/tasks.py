"""The retention purge (Celery beat, daily)."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .models import AuditEvent, Event
from .services import record

# 网络安全法 第二十一条: network logs are kept for no less than six months.
MINIMUM_RETENTION_DAYS = 180


def retention_days() -> int:
    """The configured retention, never below the legal minimum whatever the setting says."""
    return max(int(settings.AUDIT_RETENTION_DAYS), MINIMUM_RETENTION_DAYS)


@shared_task
def purge_old_events() -> int:
    cutoff = timezone.now() - datetime.timedelta(days=retention_days())
    count = AuditEvent.objects.purge_older_than(cutoff)
    if count:
        record(Event.PURGE, detail={"deleted": count, "before": cutoff.isoformat()})
    return count
