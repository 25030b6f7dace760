"""Sending notifications: one row per user (the header's unread count) and one delivery per
channel the deployment uses (e-mail, work-notice webhook), made by the worker once the writer's
transaction commits, never inside a request: a slow or unreachable endpoint must not hold up or
fail the user's save (notifications/delivery.py)."""

from collections.abc import Iterable

from django.db import transaction

from bureaus.models import Bureau, Role, User

from .channels import channels_for
from .models import Delivery, Notification
from .tasks import deliver_notifications


def notify(
    users: Iterable[User], *, title: str, body: str = "", url: str = "", key: str = ""
) -> int:
    """Notify each user once; with a key, a user who already has that notification is skipped."""
    users = list(users)
    if key:
        already = set(
            Notification.objects.filter(user__in=users, key=key).values_list("user_id", flat=True)
        )
        users = [u for u in users if u.pk not in already]
    created = Notification.objects.bulk_create(
        [Notification(user=u, title=title, body=body, url=url, key=key) for u in users]
    )
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(notification=note, channel=channel)
            for note, user in zip(created, users, strict=True)
            for channel in channels_for(user)
        ]
    )
    if deliveries:
        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: deliver_notifications.delay(ids))
    return len(users)


def bureau_staff(bureau: Bureau):
    return User.objects.filter(bureau=bureau, role=Role.STAFF, is_active=True)


def notify_bureau(bureau: Bureau, **message) -> int:
    return notify(bureau_staff(bureau), **message)


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
