"""The Celery app: broker from settings (Redis in production, a folder under var/ by default).

Every task is an ipcity.queueing.KeptTask: with the broker down, `.delay()` keeps the task in
the database instead of failing the request, and it is published again when the broker is back.
How long a request may wait for a broker that is down is bounded in settings (CELERY_BROKER_*).
"""

import os

from celery import Celery

from . import queueing  # noqa: F401 - connects its worker_ready handler in every process

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcity.settings")

app = Celery("ipcity", task_cls="ipcity.queueing:KeptTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
