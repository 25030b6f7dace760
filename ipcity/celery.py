"""The Celery app: broker from settings (Redis in production, a folder under var/ by default)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcity.settings")

app = Celery("ipcity")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
