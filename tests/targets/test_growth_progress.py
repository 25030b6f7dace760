"""Growth targets against the baseline year, and the per-10,000-residents formula."""

from decimal import Decimal

import pytest

from targets.models import Indicator, IndicatorKind, ProgressStatus

from .factories import compute, figure, indicator, progress_at

pytestmark = pytest.mark.django_db


def test_it_measures_growth_against_the_baseline_years_value():
    output = indicator("T3", kind=IndicatorKind.GROWTH_RATE, target="50", baseline_year=2023)
    figure(output, 2023, 3, 90)
    figure(output, 2023, 4, 100)  # the baseline: the level at the end of 2023
    figure(output, 2025, 4, 130)
    compute()
    row = progress_at(output, 2025, 4)
    assert row.baseline_value == Decimal("100")
    assert row.level == Decimal("130")
    assert row.value == Decimal("30")  # per cent growth
    assert row.percent_of_target == Decimal("60.00")
    assert row.expected_percent == (Decimal(731) / Decimal(1096) * 100).quantize(Decimal("0.01"))
    assert row.status == ProgressStatus.AT_RISK  # 60 % done where 66.7 % is expected: 0.9


def test_it_marks_growth_reached_before_the_deadline_achieved():
    output = indicator("T3", kind=IndicatorKind.GROWTH_RATE, target="50", baseline_year=2023)
    figure(output, 2023, 4, 100)
    figure(output, 2024, 4, 151)
    compute()
    assert progress_at(output, 2024, 4).status == ProgressStatus.ACHIEVED


def test_it_averages_an_annualised_growth_per_year():
    patents = indicator(
        "T4", kind=IndicatorKind.GROWTH_RATE, target="10", baseline_year=2023, annualised=True
    )
    figure(patents, 2023, 4, 100)
    figure(patents, 2025, 4, 121)
    compute()
    row = progress_at(patents, 2025, 4)
    assert row.value == pytest.approx(Decimal("10"), abs=Decimal("0.02"))  # 1.1 × 1.1 = 1.21
    # Three years at 10 % a year reach 133.1: 21 of the 33.1 needed.
    assert row.percent_of_target == (Decimal(21) / Decimal("33.1") * 100).quantize(Decimal("0.01"))


def test_it_has_no_growth_without_a_baseline_value():
    output = indicator("T3", kind=IndicatorKind.GROWTH_RATE, target="50", baseline_year=2023)
    figure(output, 2024, 4, 130)
    compute()
    row = progress_at(output, 2024, 4)
    assert row.level == Decimal("130")
    assert (row.value, row.status) == (None, ProgressStatus.NO_DATA)


def test_it_computes_patents_per_10000_residents_from_the_plans_formula():
    patents, population = Indicator.objects.get(code="2.1"), Indicator.objects.get(code="2.3.1")
    per_10k = Indicator.objects.get(code="2.3")
    figure(patents, 2023, 4, 500)
    figure(population, 2023, 4, 500_000, bureau="drc")
    figure(patents, 2024, 2, 550)  # population is yearly: 2023's carries into 2024
    figure(patents, 2024, 4, 600)
    figure(population, 2024, 4, 400_000, bureau="drc")
    compute()
    assert progress_at(per_10k, 2023, 4).level == Decimal("10")
    assert progress_at(per_10k, 2024, 2).level == Decimal("11")
    row = progress_at(per_10k, 2024, 4)
    assert row.level == Decimal("15")
    assert row.baseline_value == Decimal("10")
    assert row.value == pytest.approx(Decimal("50"), abs=Decimal("0.2"))  # one year: +50 %
    assert row.status == ProgressStatus.ACHIEVED  # beyond 1.1³ already


def test_it_has_no_ratio_until_every_input_is_reported():
    patents, per_10k = Indicator.objects.get(code="2.1"), Indicator.objects.get(code="2.3")
    figure(patents, 2023, 4, 500)
    compute()
    assert progress_at(per_10k, 2023, 4).status == ProgressStatus.NO_DATA
