from celery import shared_task
from django.db.models import F
from django.utils import timezone

from ipcity.queueing import redispatch

from .models import Heartbeat


@shared_task(bind=True, keep_when_broker_down=False)
def heartbeat(self) -> None:
    """Record that the worker ran a scheduled task; the health page reads it."""
    hostname = self.request.hostname or ""
    updated = Heartbeat.objects.filter(name="heartbeat").update(
        last_run=timezone.now(), hostname=hostname, runs=F("runs") + 1
    )
    if not updated:
        Heartbeat.objects.get_or_create(
            name="heartbeat",
            defaults={"last_run": timezone.now(), "hostname": hostname, "runs": 1},
        )


@shared_task(keep_when_broker_down=False)
def redispatch_pending() -> int:
    """Every minute from beat: publish again the tasks kept while the broker was down."""
    return redispatch()
