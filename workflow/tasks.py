from celery import shared_task
from django.utils import timezone

from .reminders import send_reminders


@shared_task
def send_due_reminders() -> int:
    """Daily: remind bureaus of what they still owe (see workflow/reminders.py)."""
    return send_reminders(timezone.localdate())
