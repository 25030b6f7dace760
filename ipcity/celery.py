"""The Celery app: broker from settings (Redis in production, a folder under var/ by default).

Every task is an ipcity.queueing.KeptTask: with the broker down, `.delay()` keeps the task in
the database instead of failing the request, and it is published again when the broker is back.
The broker options below bound how long a request may wait for a broker that is down.
"""

import os

from celery import Celery

from . import queueing

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcity.settings")

app = Celery("ipcity", task_cls="ipcity.queueing:KeptTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.conf.update(queueing.BROKER_OPTIONS)
app.conf.beat_schedule.setdefault("redispatch-pending", queueing.REDISPATCH_SCHEDULE)
if app.conf.broker_url.startswith("redis"):
    app.conf.broker_transport_options = {
        **queueing.REDIS_SOCKET_TIMEOUTS,
        **(app.conf.broker_transport_options or {}),
    }
