"""R3.3: the office sets a growth target's baseline on the indicator page; the engine grows
from it, else from the approved level at the end of the baseline year, else 基期待设定."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from targets.models import Indicator, ProgressStatus
from tests.targets.factories import compute, figure, progress_at

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
DEC_2 = datetime.date(2026, 12, 2)


@pytest.fixture(autouse=True)
def on_dec_2(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DEC_2)


def url(code="3.3"):
    return reverse("reports:indicator", args=[code])


def test_the_office_baseline_drives_the_progress(login, office):
    """R3.3 worked example: 3.3 with 2023 and 10,000 万元 set by the office (12,000 approved for
    2023Q4), 13,000 at 2026Q3 → growth 30 %, 60 % of the way from 10,000 to 15,000."""
    indicator = Indicator.objects.get(code="3.3")
    figure(indicator, 2023, 4, 12000, bureau="economy")
    figure(indicator, 2026, 3, 13000, bureau="economy")
    compute(today=DEC_2)
    before = progress_at(indicator, 2026, 3)
    # From the approved 2023 level: (13,000 − 12,000) ÷ (18,000 − 12,000).
    assert (before.baseline_value, before.percent_of_target) == (Decimal(12000), Decimal("16.67"))

    client = login(office)
    response = client.post(url(), {"baseline_year": "2023", "baseline_value": "10000"})
    assert response.status_code == 302

    row = progress_at(indicator, 2026, 3)
    assert row.baseline_value == Decimal(10000)
    assert row.value == Decimal("30.0000") and row.percent_of_target == Decimal("60.00")
    indicator.refresh_from_db()
    assert indicator.confirmed_by == office  # the office's change is its confirmation (R4.2)
    assert indicator.change_history.filter(baseline_value=Decimal(10000)).exists()
    html = client.get(url(), **ZH).content.decode()
    provenance = html[html.index('id="provenance"') :][:1500]
    assert "10000" in provenance and "系统预置（待办公室确认）" not in provenance


def test_without_a_baseline_the_card_says_baseline_to_be_set(login, alice):
    indicator = Indicator.objects.get(code="3.3")
    figure(indicator, 2026, 3, 13000, bureau="economy")
    compute(today=DEC_2)
    row = progress_at(indicator, 2026, 3)
    assert row.status == ProgressStatus.NO_DATA and row.baseline_value is None
    html = login(alice).get(url(), **ZH).content.decode()
    status = html[html.index('id="status"') :][:80]
    assert "基期待设定" in status
    assert "baseline-form" not in html  # only the office sets it


@pytest.mark.parametrize(
    "data, message",
    [
        ({"baseline_year": "1999", "baseline_value": "10000"}, "基期年份须在2000年至2025年之间。"),
        ({"baseline_year": "2026"}, "基期年份须在2000年至2025年之间。"),
        ({"baseline_year": "", "baseline_value": "10000"}, "请填写基期年份。"),
        ({"baseline_year": "2023", "baseline_value": "-5"}, "基期值须大于0。"),
        ({"baseline_year": "2023", "baseline_value": "abc"}, "输入一个数字。"),
    ],
)
def test_a_bad_baseline_is_refused_with_a_clear_message(login, office, data, message):
    response = login(office).post(url(), data, **ZH)
    assert response.status_code == 400
    assert message in response.content.decode()
    indicator = Indicator.objects.get(code="3.3")
    assert (indicator.baseline_year, indicator.baseline_value) == (2023, None)


def test_only_the_office_sets_a_baseline_and_only_where_one_applies(login, alice, office):
    assert login(alice).post(url(), {"baseline_year": "2023"}).status_code == 403
    assert login(office).post(url("1.1"), {"baseline_year": "2023"}).status_code == 404
