"""The statistics page's monthly chart counts every month of the span, an empty one as 0, so
that March with no case is not skipped between February and April."""

import datetime

import pytest

from enforcement.models import Case
from enforcement.selectors import case_statistics

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_month_without_cases_is_counted_as_0(alice, make_case):
    make_case(alice, number="一号", filed_on=D(2026, 2, 3))
    make_case(alice, number="二号", filed_on=D(2026, 2, 20))
    make_case(alice, number="三号", filed_on=D(2026, 4, 8))
    stats = case_statistics(Case.objects.all(), year=2026, as_of=D(2026, 6, 30))
    assert stats.by_month == [
        ("2026-01", 0),
        ("2026-02", 2),
        ("2026-03", 0),
        ("2026-04", 1),
        ("2026-05", 0),
        ("2026-06", 0),
    ]


def test_all_years_run_from_the_first_month_with_a_case_to_the_last(alice, make_case):
    make_case(alice, number="一号", filed_on=D(2025, 11, 3))
    make_case(alice, number="二号", filed_on=D(2026, 2, 3))
    stats = case_statistics(Case.objects.all(), year=None)
    assert stats.by_month == [("2025-11", 1), ("2025-12", 0), ("2026-01", 0), ("2026-02", 1)]
