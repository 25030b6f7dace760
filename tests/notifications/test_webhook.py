"""Work notices through a webhook (the shape of government work apps' robot APIs): a signed JSON
message with a title, a text and a link; an endpoint that is down is tried again with growing
pauses until it accepts, and given up after the last try, where the administrator sees it."""

import base64
import datetime
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import delivery
from notifications.models import Delivery, DeliveryState
from notifications.services import notify

SECRET = "SEC-test-work-notice-secret"


class WorkApp:
    """A work-notice endpoint on loopback answering 500 to its first `failures` requests."""

    def __init__(self, failures: int):
        self.failures, self.received = failures, []
        app = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                query = parse_qs(urlsplit(self.path).query)
                if app.failures > 0:
                    app.failures -= 1
                    self.send_response(500)
                else:
                    app.received.append((query, json.loads(body)))
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/robot/send"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def work_app(settings, request):
    app = WorkApp(failures=getattr(request, "param", 0))
    settings.NOTIFICATION_CHANNELS = ["webhook"]
    settings.NOTIFICATION_WEBHOOK_URL = app.url
    settings.NOTIFICATION_WEBHOOK_SECRET = SECRET
    settings.SITE_URL = "https://ipcity.example.gov.cn"
    yield app
    app.stop()


def returned_to(user) -> Delivery:
    notify([user], title="2026Q4 数据已退回", body="数值偏高，请核实", url="/reporting/todo/")
    return Delivery.objects.get(notification__user=user)


@pytest.mark.parametrize("work_app", [2], indirect=True)
def test_a_notice_reaches_the_work_app_after_it_recovers(db, work_app, alice):
    sent = returned_to(alice)
    assert sent.channel == "webhook"

    assert delivery.deliver([sent.pk]) == 0  # 500: kept, tried again in a minute
    sent.refresh_from_db()
    assert (sent.state, sent.attempts) == (DeliveryState.PENDING, 1)
    assert "500" in sent.last_error
    first_pause = sent.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < first_pause <= datetime.timedelta(minutes=1)
    assert delivery.due_ids() == []  # not before its time

    later = timezone.now() + datetime.timedelta(minutes=1, seconds=1)
    assert delivery.deliver(delivery.due_ids(later), now=later) == 0  # 500 again: 2 minutes
    sent.refresh_from_db()
    assert sent.attempts == 2
    assert datetime.timedelta(minutes=1) < sent.next_attempt_at - timezone.now()

    later = timezone.now() + datetime.timedelta(minutes=2, seconds=1)
    assert delivery.deliver(delivery.due_ids(later), now=later) == 1
    sent.refresh_from_db()
    assert (sent.state, sent.attempts) == (DeliveryState.DELIVERED, 3)

    [(query, message)] = work_app.received
    assert message["msgtype"] == "link"
    assert message["link"] == {
        "title": "2026Q4 数据已退回",
        "text": "数值偏高，请核实",
        "messageUrl": "https://ipcity.example.gov.cn/reporting/todo/",
    }
    assert message["recipient"]["username"] == alice.username
    assert message["recipient"]["bureau"] == "market"
    # The robots' signature: base64(HMAC-SHA256(secret, "<timestamp ms>\n<secret>")).
    [timestamp], [sign] = query["timestamp"], query["sign"]
    expected = hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(), hashlib.sha256)
    assert sign == base64.b64encode(expected.digest()).decode()


@pytest.mark.parametrize("work_app", [99], indirect=True)
def test_a_notice_is_given_up_after_the_last_try_and_shown_to_the_administrator(
    db, work_app, alice, admin_user, client
):
    sent = returned_to(alice)
    moment = timezone.now()
    for _ in range(delivery.MAX_ATTEMPTS):
        moment += delivery.LONGEST_PAUSE
        delivery.deliver(delivery.due_ids(moment), now=moment)
    sent.refresh_from_db()
    assert (sent.state, sent.attempts) == (DeliveryState.GIVEN_UP, delivery.MAX_ATTEMPTS)
    assert delivery.due_ids(moment + delivery.LONGEST_PAUSE) == []
    assert work_app.received == []

    client.force_login(admin_user)
    page = client.get(reverse("admin:notifications_delivery_changelist"), {"state": "given_up"})
    assert page.status_code == 200
    assert "2026Q4 数据已退回" in page.content.decode()


def test_pauses_grow_and_stop_at_six_hours():
    minutes = [delivery.pause_after(n).total_seconds() / 60 for n in (1, 2, 3, 4, 10)]
    assert minutes == [1, 2, 4, 8, 360]
