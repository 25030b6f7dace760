"""A running quarter is provisional, judged at its as-of date; the official status is the latest
ended quarter's (docs/rules.md R2). Through the dashboard and GET /api/v1/progress/."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from targets.models import Indicator

from .factories import compute, figure, period

DEC_2 = datetime.date(2026, 12, 2)
API = "/api/v1/progress/"


@pytest.fixture
def on_dec_2(monkeypatch, db):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DEC_2)


@pytest.fixture
def trademarks(on_dec_2):
    """2.4 注册商标 (target 19,000): 16,000 at Q1, nothing for Q2, 18,000 at Q3, and 18,800
    approved for the running Q4 on 2 Dec; 2.1 has nothing for Q4."""
    ind = Indicator.objects.get(code="2.4")
    figure(ind, 2026, 1, 16000)
    period(2026, 2)
    figure(ind, 2026, 3, 18000)
    figure(ind, 2026, 4, 18800)
    figure(Indicator.objects.get(code="2.1"), 2026, 3, 862)
    compute(today=DEC_2)
    return ind


def rows(client, **params):
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_the_running_quarter_is_provisional_and_judged_at_as_of(client, office, trademarks):
    """R2.1, R2.2, R2.3 worked example: 2.4 in 2026Q4 on 2 Dec is 18,800 = 98.95 % of 19,000;
    the line from 16,000 (31 Mar) to 19,000 (31 Dec) stands at 16,000 + 3,000 × 246/275 =
    18,683.64 on 2 Dec, so 98.33 % is expected: on track and provisional, not 滞后."""
    client.force_login(office)
    [q4] = rows(client, indicator="2.4", period="2026Q4")
    assert q4 == {
        "indicator": "2.4",
        "period": "2026Q4",
        "as_of": "2026-12-02",
        "value": "18800.0000",
        "percent": "98.95",
        "expected_percent": "98.33",
        "status": "on_track",
        "provisional": True,
        "data_period": "2026Q4",
    }


def test_the_official_status_is_the_latest_ended_quarter(client, office, trademarks):
    """R2.1: the card shows 2026Q3 (18,000 = 94.74 %, 94.72 % expected on 30 Sep: on track) as
    official, and 2026Q4 beside it as provisional."""
    client.force_login(office)
    [q3] = rows(client, indicator="2.4", period="2026Q3")
    assert (q3["provisional"], q3["percent"], q3["expected_percent"], q3["status"]) == (
        False,
        "94.74",
        "94.72",
        "on_track",
    )
    page = client.get(reverse("reports:dashboard")).content.decode()
    card = page[page.index('data-code="2.4"') :]
    card = card[: card.index("</a>")]
    assert 'data-status="on_track"' in card
    assert "2026Q3" in card and 'data-period="2026Q4"' in card


def test_a_carried_value_names_the_period_its_data_comes_from(client, office, trademarks):
    """R2.1: 2.1 has no Q4 figure: its 2026Q4 row carries 862 from 2026Q3 and says so."""
    client.force_login(office)
    [q4] = rows(client, indicator="2.1", period="2026Q4")
    assert (q4["value"], q4["data_period"], q4["provisional"]) == ("862.0000", "2026Q3", True)
    [q2] = rows(client, indicator="2.4", period="2026Q2")
    assert (q2["value"], q2["data_period"]) == ("16000.0000", "2026Q1")


@pytest.mark.parametrize(
    ("levels", "projected"),
    [
        # slope 0.547438/day from (31 Mar, 800), (30 Jun, 800), (30 Sep, 900): 900 + 92 × slope
        ([800, 800, 900], Decimal("950.3643")),
        # falling slope -0.098340/day would give 852.95: a stock never projects below 862
        ([880, 870, 862], Decimal("862.0000")),
    ],
)
def test_the_projection_starts_from_the_latest_value(on_dec_2, levels, projected):
    """R2.4: projected at 31 Dec from the latest level along the trend, never below it."""
    ind = Indicator.objects.get(code="2.1")
    for quarter, level in enumerate(levels, start=1):
        figure(ind, 2026, quarter, level)
    compute(today=DEC_2)
    assert ind.progress.get(period__year=2026, period__quarter=3).projected_value == projected


def test_a_rerun_changes_nothing(client, office, trademarks):
    """R2.1: the nightly run is idempotent: the same day's second run updates no row."""
    assert compute(today=DEC_2).rows_changed == 0


@pytest.mark.parametrize(
    "params", [{"period": "2026Q5"}, {"period": "2001Q1"}, {"indicator": "9.9"}]
)
def test_bad_filters_are_refused_with_400(client, office, trademarks, params):
    client.force_login(office)
    response = client.get(API, params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_bureau_staff_see_the_indicators_their_bureau_reports(client, bob, alice, trademarks):
    client.force_login(bob)  # 区科技局 reports none of 2.1 / 2.4
    assert rows(client, indicator="2.4") == []
    client.force_login(alice)
    assert len(rows(client, indicator="2.4")) == 4


def test_the_list_reads_a_fixed_number_of_queries(
    client, office, trademarks, django_assert_num_queries
):
    client.force_login(office)
    with django_assert_num_queries(4):
        rows(client)
