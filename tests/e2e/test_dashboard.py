"""The office dashboard in Chromium: the cards are there and every trend chart is drawn."""

import pytest

from targets.models import OVERALL_AREA, Indicator, Progress
from tests.e2e.conftest import screenshot
from tests.targets.factories import compute, figure

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# 3.1 is counted from its industries (R3.4), not typed as one figure: no series here.
SERIES = {
    "2.1": [560, 600, 640, 690, 720, 760, 790, 820],
    "2.2": [230, 250, 275, 300, 320, 345, 370, 400],
    "2.4": [14500, 15000, 15400, 15900, 16300, 16800, 17300, 17900],
    "3.3": [118000, 124000, 129000, 135000, 141000, 147000, 153000, 161000],
}
QUARTERS = [(2024, q) for q in (1, 2, 3, 4)] + [(2025, q) for q in (1, 2, 3, 4)]


@pytest.fixture
def progress():
    for code, values in SERIES.items():
        indicator = Indicator.objects.get(code=code)
        bureau = indicator.reporting_bureau.code
        figure(indicator, 2023, 4, values[0], bureau=bureau)  # the baseline year
        for (year, quarter), value in zip(QUARTERS, values, strict=True):
            figure(indicator, year, quarter, value, bureau=bureau)
    population = Indicator.objects.get(code="2.3.1")
    for year, residents in [(2023, 652_000), (2024, 655_000), (2025, 658_000)]:
        figure(population, year, 4, residents, bureau="drc")
    compute()


def charts_drawn(page) -> list[int]:
    """For every trend chart, how many shapes its svg holds (0 when nothing is drawn)."""
    return page.eval_on_selector_all(
        ".trend-chart",
        "els => els.map(el => el.querySelectorAll('svg path, canvas').length)",
    )


def test_it_shows_the_cards_and_draws_every_chart(browser_login, office, progress):
    page = browser_login(office)
    page.goto("/dashboard/")
    cards = page.locator(".indicator-card")
    # The five areas' targets; the 总体目标 clauses are listed above them, not as cards (R3.7).
    expected_cards = (
        Indicator.objects.filter(is_auxiliary=False).exclude(area__number=OVERALL_AREA).count()
    )
    assert cards.count() == expected_cards
    patents = page.locator('.indicator-card[data-code="2.1"]')
    assert "820" in patents.inner_text()
    assert patents.get_attribute("data-status") in {"on_track", "at_risk", "off_track"}
    bar = patents.locator(".progress-bar")
    assert bar.evaluate("el => el.getBoundingClientRect().width") > 0
    # What has a value: the figures above, 2.3 (computed from 2.1 and the population), and
    # whatever the registers count, even when they count nothing yet.
    charted = list(
        Progress.objects.filter(value__isnull=False, indicator__is_auxiliary=False)
        .values_list("indicator__code", flat=True)
        .distinct()
    )
    assert {*SERIES, "2.3"} <= set(charted)
    page.wait_for_function(
        "codes => codes.every(c => document.querySelector(`.trend-chart[data-code='${c}'] svg`))",
        arg=charted,
    )
    codes = page.eval_on_selector_all(".trend-chart", "els => els.map(el => el.dataset.code)")
    numeric = Indicator.objects.filter(is_auxiliary=False).exclude(kind="qualitative")
    assert sorted(codes) == sorted(numeric.values_list("code", flat=True))
    shapes = dict(zip(codes, charts_drawn(page), strict=True))
    assert all(shapes[code] > 3 for code in charted), shapes
    # Indicators with no value at all say so instead of drawing empty axes.
    for code in set(codes) - set(charted):
        assert shapes[code] == 0
        assert page.locator(f'.trend-chart[data-code="{code}"]').inner_text().strip()
    assert page.locator("#matrix tbody tr").count() == 19
    screenshot(page, "dashboard")

    page.click('.indicator-card[data-code="2.1"]')
    page.wait_for_url("**/dashboard/indicators/2.1/")
    page.wait_for_selector(".trend-chart svg path", state="attached")
    assert page.locator("#history tbody tr").count() >= 8
    screenshot(page, "indicator-detail")


def test_a_leader_reads_it_on_a_phone(browser, live_server, leader, progress):
    from tests.conftest import PASSWORD

    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", leader.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]:not([name=language])")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        page.goto("/dashboard/")
        page.wait_for_selector(".trend-chart svg path", state="attached")
        assert page.locator("#recompute").count() == 0
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1
        screenshot(page, "dashboard-phone")
    finally:
        context.close()
