"""R3.3: the office sets a growth target's baseline on the indicator page; the progress engine
grows from it; without one the target says 基期待设定, never a failure."""

from decimal import Decimal

import pytest
from django.urls import reverse

from targets.models import Indicator, ProgressStatus
from tests.targets.factories import compute, figure, progress_at

pytestmark = pytest.mark.django_db

URL = reverse("reports:indicator", args=["3.3"])


@pytest.fixture
def output():
    """3.3 专利产品产值 (累计增长 ≥ 50 %), reported by 区经信局: 12,000 for 2023Q4, 13,000 now."""
    indicator = Indicator.objects.get(code="3.3")
    figure(indicator, 2023, 4, 12000, bureau="economy")
    figure(indicator, 2026, 3, 13000, bureau="economy")
    return indicator


def test_the_offices_baseline_value_is_what_growth_is_measured_from(login, office, output):
    """The worked example: baseline 2023, 10,000 万元 → growth 30 %, 60 % of the way to 15,000."""
    response = login(office).post(URL, {"baseline_year": "2023", "baseline_value": "10000"})
    assert response.status_code == 302
    output.refresh_from_db()
    assert output.baseline_value == Decimal("10000")
    assert output.confirmed_by == office  # the change is the confirmation (R4.2)
    row = progress_at(output, 2026, 3)
    assert row.baseline_value == Decimal("10000")
    assert row.percent_of_target == Decimal("60")
    html = login(office).get(URL).content.decode()
    assert "基期已保存" in html
    assert "系统预置（待办公室确认）" not in html.split('id="provenance"')[1].split("</p>")[0]
    assert output.change_history.filter(baseline_value=Decimal("10000")).exists()


def test_without_a_value_the_level_at_the_end_of_the_baseline_year_is_used(output):
    compute()
    row = progress_at(output, 2026, 3)
    # 12,000 approved for 2023Q4: target level 18,000; (13,000 − 12,000) ÷ 6,000 = 16.67 %
    assert row.baseline_value == Decimal("12000")
    assert round(row.percent_of_target, 2) == Decimal("16.67")


def test_with_neither_the_page_says_baseline_to_be_set(login, office):
    indicator = Indicator.objects.get(code="3.3")
    figure(indicator, 2026, 3, 13000, bureau="economy")
    compute()
    row = progress_at(indicator, 2026, 3)
    assert row.baseline_value is None and row.status == ProgressStatus.NO_DATA
    html = login(office).get(URL).content.decode()
    assert "基期待设定" in html
    assert "系统预置（待办公室确认）" in html  # the seeded year 2023 is the portal's proposal


@pytest.mark.parametrize(
    "data, error",
    [
        ({"baseline_year": "1999", "baseline_value": ""}, "基期年份须在2000年至2025年之间"),
        ({"baseline_year": "", "baseline_value": "100"}, "请填写基期年份"),
        ({"baseline_year": "2023", "baseline_value": "-5"}, "基期值须大于0"),
        ({"baseline_year": "abc", "baseline_value": "x"}, ""),
    ],
)
def test_wrong_baselines_are_refused_with_a_clear_message(login, office, output, data, error):
    response = login(office).post(URL, data)
    assert response.status_code == 400
    assert error in response.content.decode()
    output.refresh_from_db()
    assert output.baseline_value is None and output.confirmed_at is None


def test_only_the_office_sets_a_baseline(login, alice, output):
    response = login(alice).post(URL, {"baseline_year": "2023", "baseline_value": "10000"})
    assert response.status_code == 403
    assert 'id="baseline-form"' not in login(alice).get(URL).content.decode()
