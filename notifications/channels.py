"""The channels a notification goes through besides the page header, each set per deployment
(NOTIFICATION_CHANNELS): e-mail, and a work-notice webhook in the shape of the robot and
work-notice APIs of government work apps (a JSON message with a title, a text and a link,
signed with the deployment's secret). A channel delivers one notification or raises."""

import base64
import hashlib
import hmac
import time

import requests
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from .models import Channel, Notification

WEBHOOK_TIMEOUT = 10  # seconds; a slower endpoint counts as down and is tried again later


def channels_for(user) -> list[str]:
    """The channels this deployment delivers to this user through."""
    enabled = settings.NOTIFICATION_CHANNELS
    chosen = []
    if Channel.EMAIL in enabled and user.email:
        chosen.append(Channel.EMAIL)
    if Channel.WEBHOOK in enabled and settings.NOTIFICATION_WEBHOOK_URL:
        chosen.append(Channel.WEBHOOK)
    return chosen


def link(notification: Notification) -> str:
    """The notification's link as a reader outside the portal can open it (SITE_URL)."""
    return settings.SITE_URL.rstrip("/") + notification.url if notification.url else ""


def send_email(notification: Notification) -> None:
    lines = [notification.body] if notification.body else []
    if notification.url:
        lines.append(_("Open it in the portal: %(link)s") % {"link": link(notification)})
    lines.append(_("This message was sent by the portal; please do not reply."))
    send_mail(
        notification.title,
        "\n\n".join(lines),
        settings.DEFAULT_FROM_EMAIL,
        [notification.user.email],
        fail_silently=False,
    )


def webhook_signature(secret: str, timestamp_ms: int) -> str:
    """base64(HMAC-SHA256(secret, "<timestamp>\\n<secret>")), as the work apps' robots check."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    return base64.b64encode(digest.digest()).decode()


def send_webhook(notification: Notification) -> None:
    user = notification.user
    message = {
        "msgtype": "link",
        "link": {
            "title": notification.title,
            "text": notification.body or notification.title,
            "messageUrl": link(notification),
        },
        "recipient": {
            "username": user.username,
            "name": user.get_full_name(),
            "email": user.email,
            "bureau": user.bureau.code if user.bureau_id else "",
        },
    }
    params, secret = {}, settings.NOTIFICATION_WEBHOOK_SECRET
    if secret:
        params["timestamp"] = int(time.time() * 1000)
        params["sign"] = webhook_signature(secret, params["timestamp"])
    response = requests.post(
        settings.NOTIFICATION_WEBHOOK_URL, json=message, params=params, timeout=WEBHOOK_TIMEOUT
    )
    response.raise_for_status()


SENDERS = {Channel.EMAIL: send_email, Channel.WEBHOOK: send_webhook}
