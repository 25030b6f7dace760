"""The status thresholds, in the one function that applies them (the portal's proposal, R2.3)."""

from decimal import Decimal

import pytest

from targets.models import ProgressStatus, StatusThresholds
from targets.progress import status_for


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
    assert status_for(percent, Decimal(expected), thresholds=StatusThresholds()) == status


def test_it_keeps_on_track_above_at_risk():
    assert Decimal(1) > StatusThresholds.DEFAULT_ON_TRACK > StatusThresholds.DEFAULT_AT_RISK > 0
