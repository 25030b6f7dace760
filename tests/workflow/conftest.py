import datetime
from decimal import Decimal

import pytest

from targets.models import Figure, Indicator, Period
from tasks_registry.models import KeyTask, TaskReport
from workflow.models import SubmissionState


@pytest.fixture
def q3(db) -> Period:
    return Period.objects.create(year=2026, quarter=3, due_date=datetime.date(2026, 10, 10))


@pytest.fixture
def patents(db) -> Indicator:
    """有效发明专利: a stock figure that 区市场监管局 reports."""
    return Indicator.objects.get(code="2.1")


@pytest.fixture
def draft_figure(alice, patents, q3) -> Figure:
    return Figure.objects.create(
        indicator=patents, bureau=alice.bureau, period=q3, value=Decimal("800")
    )


@pytest.fixture
def task_report(alice, q3) -> TaskReport:
    """A draft report on task 1, which 区市场监管局 leads."""
    return TaskReport.objects.create(
        task=KeyTask.objects.get(number=1), bureau=alice.bureau, period=q3, work_done="召开联席会议"
    )


def approved_history(indicator, bureau, values, year=2025):
    """Approved figures for Q1.. of a year, oldest first."""
    for quarter, value in enumerate(values, start=1):
        period = Period.objects.create(
            year=year, quarter=quarter, due_date=datetime.date(year, 12, 31)
        )
        Figure.objects.create(
            indicator=indicator,
            bureau=bureau,
            period=period,
            value=Decimal(value),
            state=SubmissionState.APPROVED,
        )
