from celery import shared_task

from . import delivery


@shared_task
def deliver_notifications(delivery_ids: list[int]) -> int:
    """Right after the commit that made the notifications."""
    return delivery.deliver(delivery_ids)


@shared_task(keep_when_broker_down=False)
def deliver_due_notifications() -> int:
    """Every minute: the deliveries waiting for another try (or whose first task was lost)."""
    return delivery.deliver(delivery.due_ids())
