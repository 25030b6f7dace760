"""Sending notifications: one row per user (the header's unread count) and an e-mail."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from bureaus.models import Bureau, Role, User

from .models import Notification


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
    Notification.objects.bulk_create(
        [Notification(user=u, title=title, body=body, url=url, key=key) for u in users]
    )
    mails = [
        (title, f"{body}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [u.email])
        for u in users
        if u.email
    ]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=True))
    return len(users)


def bureau_staff(bureau: Bureau):
    return User.objects.filter(bureau=bureau, role=Role.STAFF, is_active=True)


def notify_bureau(bureau: Bureau, **message) -> int:
    return notify(bureau_staff(bureau), **message)


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
