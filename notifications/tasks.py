from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection, send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification


@shared_task(autoretry_for=(OSError, SMTPException), retry_backoff=60, max_retries=8)
def send_notification_mails(notification_ids: list[int]) -> int:
    """E-mail each notification not yet e-mailed to its user, with a link the reader can open
    from a mail client (SITE_URL); a mail server that is down is tried again later, and a
    notification is never e-mailed twice."""
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .filter(pk__in=notification_ids, emailed_at__isnull=True)
            .exclude(user__email="")
            .select_related("user")
        )
        if not pending:
            return 0
        sender = settings.DEFAULT_FROM_EMAIL
        send_mass_mail(
            [(n.title, _mail_body(n), sender, [n.user.email]) for n in pending],
            connection=get_connection(fail_silently=False),
        )
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            emailed_at=timezone.now()
        )
    return len(pending)


def _mail_body(notification: Notification) -> str:
    lines = [notification.body] if notification.body else []
    if notification.url:
        link = settings.SITE_URL.rstrip("/") + notification.url
        lines.append(_("Open it in the portal: %(link)s") % {"link": link})
    lines.append(_("This message was sent by the portal; please do not reply."))
    return "\n\n".join(lines)
