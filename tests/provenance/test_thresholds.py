"""R2.3, R4: the status thresholds are the portal's proposal, labelled where the status legend
shows and on the defaults page, until the office confirms or changes them; a change moves every
status at once."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from core.provenance import confirm
from targets.models import Indicator, Progress, StatusThresholds
from tests.targets.factories import compute, figure, period

pytestmark = pytest.mark.django_db
LABEL = "系统预置（待办公室确认）"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
DEC_2 = datetime.date(2026, 12, 2)


@pytest.fixture
def thresholds(db) -> StatusThresholds:
    # The row is made after every migrate and every flush (targets/apps.py).
    return StatusThresholds.objects.get()


@pytest.fixture
def trademarks(monkeypatch, thresholds):
    """2.4 注册商标 (target 19,000): 16,000 at 2026Q1, 17,000 at 2026Q3, seen on 2 Dec."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DEC_2)
    ind = Indicator.objects.get(code="2.4")
    figure(ind, 2026, 1, 16000)
    period(2026, 2)
    figure(ind, 2026, 3, 17000)
    period(2026, 4)
    compute(today=DEC_2)
    return ind


def legend(html: str) -> str:
    start = html.index("status-legend")
    return html[start : html.index("</div>", start)]


def test_the_legend_states_the_thresholds_as_a_default_until_confirmed(
    client, office, alice, thresholds
):
    period(2026, 3)
    for user, url in ((office, reverse("reports:dashboard")), (alice, reverse("reports:bureau"))):
        client.force_login(user)
        shown = legend(client.get(url, **ZH).content.decode())
        assert "95%" in shown and "80%" in shown and LABEL in shown, url
    confirm([thresholds], user=office)
    for user, url in ((office, reverse("reports:dashboard")), (alice, reverse("reports:bureau"))):
        client.force_login(user)
        shown = legend(client.get(url, **ZH).content.decode())
        assert "95%" in shown and LABEL not in shown, url


def test_the_defaults_page_lists_them_and_confirms_them(client, office, thresholds):
    client.force_login(office)
    html = client.get(reverse("reports:defaults"), **ZH).content.decode()
    key = f"thresholds-{thresholds.pk}"
    row = html[html.index(f'data-key="{key}"') :]
    row = row[: row.index("</tr>")]
    assert "状态阈值" in row and "95" in row and "80" in row and "待确认" in row
    response = client.post(reverse("reports:defaults"), {"confirm": [key]})
    assert response.status_code == 302
    thresholds.refresh_from_db()
    assert thresholds.confirmed_by == office and not thresholds.awaits_confirmation
    html = client.get(reverse("reports:defaults"), **ZH).content.decode()
    row = html[html.index(f'data-key="{key}"') :]
    row = row[: row.index("</tr>")]
    assert row.startswith(f'data-key="{key}" class="confirmed"') and office.username in row


def test_the_office_changing_a_threshold_moves_the_status_and_confirms_it(
    client, office, trademarks, thresholds
):
    """R2.3 worked example: 2.4 at 17,000 on 30 Sep = 89.47 % of 19,000; the line from 16,000
    (31 Mar) stands at 16,000 + 3,000 × 183/275 = 17,996.36 → 94.72 % expected; 89.47 ÷ 94.72
    = 0.9446, below 0.95: 有风险. The office sets 正常 from 0.90 in the admin: 正常, and the
    thresholds are the office's (confirmed), no longer a default."""
    q3 = Progress.objects.get(indicator=trademarks, period__year=2026, period__quarter=3)
    assert (q3.percent_of_target, q3.expected_percent) == (Decimal("89.47"), Decimal("94.72"))
    assert q3.status == "at_risk"
    client.force_login(office)
    url = reverse("admin:targets_statusthresholds_change", args=[thresholds.pk])
    response = client.post(url, {"on_track_ratio": "0.90", "at_risk_ratio": "0.80"})
    assert response.status_code == 302, response.content.decode()[:3000]
    q3.refresh_from_db()
    assert q3.status == "on_track"
    thresholds.refresh_from_db()
    assert thresholds.confirmed_by == office
    assert thresholds.history.first().on_track_ratio == Decimal("0.90")


def test_a_threshold_order_that_makes_no_sense_is_refused(client, office, thresholds):
    client.force_login(office)
    url = reverse("admin:targets_statusthresholds_change", args=[thresholds.pk])
    response = client.post(url, {"on_track_ratio": "0.80", "at_risk_ratio": "0.90"}, **ZH)
    assert response.status_code == 200
    assert "有风险下限须低于进展正常下限" in response.content.decode()
    thresholds.refresh_from_db()
    assert thresholds.on_track_ratio == StatusThresholds.DEFAULT_ON_TRACK
    assert thresholds.awaits_confirmation
