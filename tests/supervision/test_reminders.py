"""Supervision reminders: before and after the deadline, and by reporting frequency; once each."""

import datetime

import pytest
from django.utils import timezone

from notifications.models import Notification
from tasks_registry import supervision
from tasks_registry.models import ReportingFrequency, SupervisionItem
from tasks_registry.supervision_reminders import send_supervision_reminders

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_it_reminds_before_and_after_the_deadline_once(finding, alice, bob):
    deadline = finding.deadline
    assert send_supervision_reminders(deadline - 5 * DAY) == 0
    assert send_supervision_reminders(deadline - 3 * DAY) == 2  # lead and co-operating staff
    assert send_supervision_reminders(deadline - 3 * DAY) == 0  # not twice
    assert send_supervision_reminders(deadline - DAY) == 2
    assert send_supervision_reminders(deadline + DAY) == 2
    overdue = Notification.objects.filter(user=alice, key=f"supervision:{finding.pk}:overdue")
    assert overdue.get().url == finding.get_absolute_url()


def test_a_done_item_gets_no_reminder(finding, alice):
    supervision.update_add(item=finding, user=alice, text="完成", reports_done=True)
    assert send_supervision_reminders(finding.deadline + DAY) == 0


def test_it_asks_for_weekly_progress_when_none_came(finding, alice):
    SupervisionItem.objects.filter(pk=finding.pk).update(
        frequency=ReportingFrequency.WEEKLY, deadline=finding.deadline + 60 * DAY
    )
    monday = timezone.localdate(finding.created_at) + datetime.timedelta(days=7)
    monday -= datetime.timedelta(days=monday.weekday())
    assert send_supervision_reminders(monday) == 2
    assert send_supervision_reminders(monday + DAY) == 0  # not a Monday
    supervision.update_add(item=finding, user=alice, text="本周进展")
    today = timezone.localdate()
    next_monday = today + datetime.timedelta(days=7 - today.weekday())
    assert send_supervision_reminders(next_monday) == 0  # an update came this week
