from celery import shared_task
from django.utils import timezone

from .supervision_reminders import send_supervision_reminders


@shared_task
def send_supervision_reminders_task() -> int:
    """Daily: deadline, overdue and progress reminders on supervision items."""
    return send_supervision_reminders(timezone.localdate())
