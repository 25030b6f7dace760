"""Delivering notifications through their channels: each `Delivery` is tried, and tried again
with growing pauses while its endpoint is down, until it is delivered or given up after
MAX_ATTEMPTS (the administrator sees those in the admin). A delivery is locked while it is
tried, so two workers never send the same one twice."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from .channels import SENDERS
from .models import Delivery, DeliveryState

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_PAUSE = datetime.timedelta(minutes=1)
LONGEST_PAUSE = datetime.timedelta(hours=6)


def pause_after(attempts: int) -> datetime.timedelta:
    """1, 2, 4 … minutes after the 1st, 2nd, 3rd … failure, at most six hours."""
    return min(FIRST_PAUSE * 2 ** (attempts - 1), LONGEST_PAUSE)


def deliver(delivery_ids, *, now: datetime.datetime | None = None) -> int:
    """Try each of these deliveries that is due; the number delivered."""
    delivered, now = 0, now or timezone.now()
    for pk in delivery_ids:
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("notification__user__bureau")
                .filter(pk=pk, state=DeliveryState.PENDING, next_attempt_at__lte=now)
                .first()
            )
            if delivery is not None:
                delivered += _attempt(delivery)
    return delivered


def due_ids(now: datetime.datetime | None = None) -> list[int]:
    return list(
        Delivery.objects.filter(
            state=DeliveryState.PENDING, next_attempt_at__lte=now or timezone.now()
        ).values_list("pk", flat=True)[:500]
    )


def _attempt(delivery: Delivery) -> bool:
    delivery.attempts += 1
    try:
        SENDERS[delivery.channel](delivery.notification)
    except Exception as error:  # noqa: BLE001 - any failure of the endpoint is retried
        logger.warning("delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, error)
        delivery.last_error = str(error)[:500]
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.state = DeliveryState.GIVEN_UP
        else:
            delivery.next_attempt_at = timezone.now() + pause_after(delivery.attempts)
        delivery.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
        return False
    delivery.state, delivery.delivered_at = DeliveryState.DELIVERED, timezone.now()
    delivery.save(update_fields=["attempts", "state", "delivered_at"])
    return True
