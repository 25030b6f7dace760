"""/healthz: is the database answering, is the broker reachable, when did the worker last run.

Without the database nothing works: 503, so the proxy or orchestrator stops sending traffic. Without
the broker the pages still work and tasks are kept for later (ipcity/queueing.py): 200 with
"status": "degraded", so a probe does not restart healthy web processes over a Redis outage.
"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role
from ipcity.celery import app

from .models import Heartbeat, PendingTask


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means "down" for a health check
        return False


def _broker_ok() -> bool:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001
        return False


@never_cache
def healthz(request):
    database = _database_ok()
    broker = _broker_ok()
    beat = Heartbeat.objects.filter(name="heartbeat").first() if database else None
    body = {
        "status": "ok" if database and broker else ("degraded" if database else "down"),
        "database": "ok" if database else "down",
        "broker": "ok" if broker else "down",
        "heartbeat": beat.last_run.isoformat() if beat else None,
        "tasks_waiting": PendingTask.objects.count() if database else None,
    }
    return JsonResponse(body, status=200 if database else 503)


class StatusView(RoleRequiredMixin, TemplateView):
    """The administrator's page: database, broker and the worker's last heartbeat."""

    roles = (Role.ADMIN,)
    template_name = "health/status.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            database=_database_ok(),
            broker=_broker_ok(),
            heartbeats=Heartbeat.objects.order_by("name"),
            **kwargs,
        )
