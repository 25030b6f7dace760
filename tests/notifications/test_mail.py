"""Notification e-mails: sent by the worker after the writer's commit, to the mail server of
the deployment, with links a mail client can open (SITE_URL), never twice."""

import socket
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.core import mail

from notifications.delivery import deliver
from notifications.models import Delivery, DeliveryState
from notifications.services import notify
from tests.celery_worker import WorkerProcess, wait_for

TODO_PAGE = "/reporting/todo/"


@pytest.fixture
def alice_with_mail(alice):
    alice.email = "alice@market.example.gov.cn"
    alice.save(update_fields=["email"])
    return alice


def notified(*users, **message):
    """notify() as a page calls it; the deliveries it leaves for the worker."""
    message = {"title": "2026Q4 数据已退回", "body": "请补充", "url": TODO_PAGE, **message}
    notify(users, **message)
    return list(Delivery.objects.filter(notification__user__in=users).values_list("pk", flat=True))


def test_a_mail_links_to_the_portal_at_its_site_url(db, settings, alice_with_mail, bob):
    settings.SITE_URL = "https://ipcity.example.gov.cn/"
    ids = notified(alice_with_mail, bob)  # bob has no e-mail address: no delivery
    assert len(ids) == 1
    assert deliver(ids) == 1
    [sent] = mail.outbox
    assert sent.to == ["alice@market.example.gov.cn"]
    assert sent.subject == "2026Q4 数据已退回"
    assert "请补充" in sent.body
    assert "https://ipcity.example.gov.cn/reporting/todo/" in sent.body


def test_a_notification_is_mailed_once(db, alice_with_mail):
    ids = notified(alice_with_mail)
    assert deliver(ids) == 1
    assert deliver(ids) == 0  # a task delivered twice sends nothing more
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().state == DeliveryState.DELIVERED


def test_notify_sends_nothing_inside_the_writers_transaction(
    db, alice_with_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        notified(alice_with_mail)
    assert mail.outbox == []
    assert len(after_commit) == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An SMTP server's handler keeping what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.mark.celery
def test_the_worker_mails_a_notification_through_the_mail_server(
    transactional_db, settings, tmp_path, alice_with_mail
):
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    worker = WorkerProcess(
        tmp_path / "worker.log",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        SITE_URL="https://ipcity.example.gov.cn",
    )
    try:
        worker.wait_ready()
        notify([alice_with_mail], title="2026Q4 数据已退回", body="请补充说明", url=TODO_PAGE)
        [(to, message)] = wait_for(lambda: inbox.messages)
    finally:
        worker.stop()
        smtp.stop()
    assert to == ["alice@market.example.gov.cn"]
    assert str(make_header(decode_header(message["Subject"]))) == "2026Q4 数据已退回"
    body = message.get_payload(decode=True).decode(message.get_content_charset())
    assert "https://ipcity.example.gov.cn/reporting/todo/" in body
    delivered = Delivery.objects.filter(state=DeliveryState.DELIVERED)
    assert wait_for(lambda: delivered.count()) == 1
