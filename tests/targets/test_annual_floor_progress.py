"""Annual floors: every calendar year on its own, its quarters added up."""

from decimal import Decimal

import pytest

from targets.models import IndicatorKind, ProgressStatus

from .factories import compute, figure, indicator, period, progress_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def training():
    return indicator("T5", kind=IndicatorKind.ANNUAL_FLOOR, target="1000")


def test_it_adds_up_the_quarters_of_a_calendar_year(training):
    figure(training, 2025, 1, 300)
    figure(training, 2025, 2, 400)
    compute()
    row = progress_at(training, 2025, 2)
    assert (row.value, row.percent_of_target, row.expected_percent) == (
        Decimal("700"),
        Decimal("70.00"),
        Decimal("50.00"),
    )
    assert row.status == ProgressStatus.ON_TRACK
    assert row.projected_value == Decimal("1400")


def test_it_starts_again_each_january(training):
    figure(training, 2024, 4, 1200)
    figure(training, 2025, 1, 100)
    compute()
    assert progress_at(training, 2024, 4).status == ProgressStatus.ACHIEVED
    row = progress_at(training, 2025, 1)
    assert row.value == Decimal("100")
    assert row.status == ProgressStatus.OFF_TRACK  # 10 % done where 25 % is expected


def test_it_marks_a_year_that_missed_its_floor_off_track(training):
    for quarter, value in [(1, 250), (2, 250), (3, 250), (4, 240)]:
        figure(training, 2024, quarter, value)
    compute()
    row = progress_at(training, 2024, 4)
    assert row.value == Decimal("990")
    assert row.status == ProgressStatus.OFF_TRACK
    assert progress_at(training, 2024, 3).status == ProgressStatus.ON_TRACK


def test_it_counts_a_missing_quarter_as_nothing_new(training):
    figure(training, 2024, 1, 600)
    period(2024, 2)
    figure(training, 2024, 3, 500)
    compute()
    missing = progress_at(training, 2024, 2)
    assert (missing.value, missing.reported) == (Decimal("600"), False)
    assert progress_at(training, 2024, 3).value == Decimal("1100")
    assert progress_at(training, 2024, 3).status == ProgressStatus.ACHIEVED


def test_it_has_no_data_for_a_year_with_nothing_reported(training):
    figure(training, 2024, 4, 1200)
    period(2025, 1)
    compute()
    assert progress_at(training, 2025, 1).status == ProgressStatus.NO_DATA
