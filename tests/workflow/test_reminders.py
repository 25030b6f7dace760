"""Reminders reach the right bureaus on the right days, once each (time travel by argument)."""

import datetime
from decimal import Decimal

import pytest

from notifications.models import Notification
from targets.models import Figure, Indicator, Period
from workflow.models import SubmissionState
from workflow.reminders import send_reminders

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 10, 10)  # 2026Q3


@pytest.fixture
def q3(db):
    return Period.objects.create(year=2026, quarter=3, due_date=DUE)


def titles(user):
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def test_it_reminds_7_days_and_1_day_before_and_the_day_after(q3, alice, bob):
    for day, expected in [(3, "提醒"), (9, "提醒"), (11, "逾期")]:
        send_reminders(datetime.date(2026, 10, day))
        assert titles(alice)[0].startswith(expected)
    assert len(titles(alice)) == 3
    assert len(titles(bob)) == 3  # 区科技局 leads and co-operates on key tasks


@pytest.mark.parametrize("day", [1, 2, 4, 8, 10, 12, 20])
def test_it_is_silent_on_other_days(q3, alice, day):
    send_reminders(datetime.date(2026, 10, day))
    assert titles(alice) == []


def test_it_never_sends_the_same_reminder_twice(q3, alice):
    send_reminders(datetime.date(2026, 10, 3))
    send_reminders(datetime.date(2026, 10, 3))
    assert len(titles(alice)) == 1


def test_a_bureau_that_submitted_everything_is_not_reminded(q3, alice, bob):
    from tasks_registry.models import TaskOwnership, TaskReport

    for ownership in TaskOwnership.objects.filter(bureau=bob.bureau):
        TaskReport.objects.create(
            task=ownership.task,
            bureau=bob.bureau,
            period=q3,
            work_done="已完成",
            state=SubmissionState.SUBMITTED,
        )
    for indicator in Indicator.objects.filter(reporting_bureau=bob.bureau, source="figure"):
        Figure.objects.create(
            indicator=indicator,
            bureau=bob.bureau,
            period=q3,
            value=Decimal(1),
            state=SubmissionState.APPROVED,
        )
    send_reminders(datetime.date(2026, 10, 11))
    assert titles(bob) == []
    assert titles(alice) != []


def test_the_reminder_lists_what_is_owed(q3, alice):
    send_reminders(datetime.date(2026, 10, 9))
    body = Notification.objects.get(user=alice).body
    assert "有效发明专利" in body
    assert "强化部门协同管理机制" in body
