"""Stocks and ratios: the latest approved value against the target, on a line from the baseline."""

import datetime
from decimal import Decimal

import pytest

from targets.models import FigureState, IndicatorKind, ProgressStatus

from .factories import compute, figure, indicator, period, progress_at

pytestmark = pytest.mark.django_db


def test_it_takes_the_latest_value_of_a_stock():
    ind = indicator("T1")
    figure(ind, 2024, 1, 500)
    figure(ind, 2024, 2, 600)
    compute()
    row = progress_at(ind, 2024, 2)
    assert row.value == Decimal("600")
    assert row.percent_of_target == Decimal("66.67")
    assert row.reported is True


def test_it_carries_a_stock_forward_over_a_missing_quarter():
    ind = indicator("T1")
    figure(ind, 2024, 1, 500)
    period(2024, 2)
    figure(ind, 2024, 3, 700)
    compute()
    missing = progress_at(ind, 2024, 2)
    assert (missing.value, missing.reported) == (Decimal("500"), False)
    assert progress_at(ind, 2024, 3).value == Decimal("700")


def test_it_counts_only_approved_figures():
    ind = indicator("T1")
    figure(ind, 2024, 1, 500)
    for state, value in [(FigureState.SUBMITTED, 800), (FigureState.DRAFT, 810)]:
        figure(
            ind, 2024, 2, value, bureau="market" if state == "submitted" else "science", state=state
        )
    figure(ind, 2024, 3, 820, state=FigureState.RETURNED)
    compute()
    assert progress_at(ind, 2024, 2).value == Decimal("500")
    assert progress_at(ind, 2024, 3).value == Decimal("500")


def test_it_adds_up_the_bureaus_contributions():
    ind = indicator("T1")
    figure(ind, 2024, 1, 300, bureau="market")
    figure(ind, 2024, 1, 200, bureau="science")
    compute()
    row = progress_at(ind, 2024, 1)
    assert row.value == Decimal("500")
    assert sorted(row.contributions.values()) == ["200.0000", "300.0000"]


def test_it_marks_a_target_already_met_as_achieved():
    ind = indicator("T1", target="900")
    figure(ind, 2024, 1, 950)
    compute()
    row = progress_at(ind, 2024, 1)
    assert row.status == ProgressStatus.ACHIEVED
    assert row.percent_of_target == Decimal("105.56")


def test_it_draws_the_expected_line_from_the_baseline_year_to_the_deadline():
    ind = indicator("T1", target="900", baseline_year=2023)
    figure(ind, 2023, 4, 500)
    figure(ind, 2025, 4, 700)
    compute()
    row = progress_at(ind, 2025, 4)
    share = Decimal(731) / Decimal(1096)  # 2023-12-31 → 2025-12-31 of 2023-12-31 → 2026-12-31
    expected = (500 + 400 * share) / 900 * 100
    assert row.expected_percent == expected.quantize(Decimal("0.01"))
    assert row.baseline_value == Decimal("500")
    # 700 is 77.78 % of the target where the line expects 84.3 %: 92 % of the way, at risk.
    assert row.status == ProgressStatus.AT_RISK


def test_it_projects_a_stock_from_its_trend():
    ind = indicator("T1", target="900")
    # 100 more a year (2025 and 2026 have 365 days each): 800 at the deadline.
    figure(ind, 2024, 4, 600)
    figure(ind, 2025, 4, 700)
    compute()
    row = progress_at(ind, 2025, 4)
    assert row.projected_value == Decimal("800")
    assert progress_at(ind, 2024, 4).projected_value is None  # one point makes no trend


def test_it_marks_a_stock_short_of_its_target_at_the_deadline_off_track():
    ind = indicator("T1", target="900")
    figure(ind, 2024, 1, 500)
    figure(ind, 2026, 4, 890)
    compute()
    assert progress_at(ind, 2026, 4).status == ProgressStatus.OFF_TRACK


def test_it_reports_no_data_when_nothing_is_approved():
    ind = indicator("T1")
    figure(ind, 2024, 1, 500, state=FigureState.SUBMITTED)
    compute()
    row = progress_at(ind, 2024, 1)
    assert (row.value, row.status) == (None, ProgressStatus.NO_DATA)


def test_it_averages_a_ratio_reported_by_several_bureaus():
    ind = indicator("T1", kind=IndicatorKind.DERIVED_RATIO, target="1")
    figure(ind, 2024, 1, "0.8", bureau="market")
    figure(ind, 2024, 1, "1.0", bureau="economy")
    figure(ind, 2024, 2, "1.2", bureau="economy")
    compute()
    assert progress_at(ind, 2024, 1).value == Decimal("0.9")
    assert progress_at(ind, 2024, 1).status == ProgressStatus.ON_TRACK
    assert progress_at(ind, 2024, 2).status == ProgressStatus.ACHIEVED


def test_it_computes_no_period_that_has_not_begun():
    ind = indicator("T1")
    figure(ind, 2024, 1, 500)
    period(2024, 3)
    compute(today=datetime.date(2024, 5, 1))
    assert ind.progress.count() == 1
