"""The status thresholds, in the one function that applies them."""

from decimal import Decimal

import pytest

from targets.models import ProgressStatus
from targets.progress import AT_RISK_RATIO, ON_TRACK_RATIO, status_for


@pytest.mark.parametrize(
    ("percent", "expected", "status"),
    [
        (None, "50", ProgressStatus.NO_DATA),
        ("100", "50", ProgressStatus.ACHIEVED),
        ("100", "100", ProgressStatus.ACHIEVED),
        ("47.50", "50", ProgressStatus.ON_TRACK),
        ("47.49", "50", ProgressStatus.AT_RISK),
        ("40", "50", ProgressStatus.AT_RISK),
        ("39.99", "50", ProgressStatus.OFF_TRACK),
        ("99.99", "100", ProgressStatus.OFF_TRACK),
        ("10", "0", ProgressStatus.ON_TRACK),
        ("-5", "50", ProgressStatus.OFF_TRACK),
    ],
)
def test_it_applies_the_thresholds(percent, expected, status):
    percent = None if percent is None else Decimal(percent)
    assert status_for(percent, Decimal(expected)) == status


def test_it_keeps_on_track_above_at_risk():
    assert Decimal(1) > ON_TRACK_RATIO > AT_RISK_RATIO > 0
