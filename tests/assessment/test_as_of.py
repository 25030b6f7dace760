"""What counts as of a date (docs/rules.md R6.5–R6.7): each due quarter's approved report,
activities that happened and are evidenced, and nothing that happened after the date."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import assessment
from targets.models import Period
from tasks_registry import activities
from tasks_registry.models import Activity, ActivityKind, TaskReport
from workflow.models import SubmissionState
from workflow.services import transition

from .conftest import AS_OF, MARKET_TOTAL, D, at

pytestmark = pytest.mark.django_db


def report(task, bureau, period, percent):
    return TaskReport.objects.create(
        task=task,
        bureau=bureau,
        period=period,
        work_done="x",
        percent_complete=percent,
        state=SubmissionState.APPROVED,
        submitted_at=at(period.due_date),
    )


def test_an_early_report_never_replaces_a_due_quarter(records, science):
    """R6.5 (finding 8): as of 2025-11-20 Q1–Q3 are due. Science reported Q3 at 100 % and Q4
    early at 75 %: Q4 is not due, so its task progress is (0.30 + 0.60 + 1.00) / 3, not 0.75."""
    task = records["task"]
    q3 = Period.objects.create(year=2025, quarter=3, due_date=D(2025, 10, 10))
    q4 = Period.objects.create(year=2025, quarter=4, due_date=D(2026, 1, 10))
    report(task, science, q3, 100)
    report(task, science, q4, 75)
    line = assessment.assess(2025, as_of=D(2025, 11, 20)).line(science.pk)
    score = line.score("task_progress")
    assert [r.credit for r in score.records] == [Decimal("0.3"), Decimal("0.6"), Decimal("1")]
    assert score.points == Decimal("12.67")  # 20 × 1.9 / 3


def test_a_fall_in_reported_progress_is_flagged(records, science):
    """R6.5: Q3 at 50 % after Q2's 60 % is flagged on the record."""
    q3 = Period.objects.create(year=2025, quarter=3, due_date=D(2025, 10, 10))
    report(records["task"], science, q3, 50)
    score = assessment.assess(2025, as_of=D(2025, 11, 20)).line(science.pk).score("task_progress")
    assert [r.flagged for r in score.records] == [False, False, True]
    assert "60%" in score.records[-1].verdict


def test_the_same_date_gives_the_same_result(records, market, office, alice):
    """R6.7: market's Q2 report submitted and approved today changes nothing as of 2025-07-20."""
    before = assessment.assess(2025, as_of=AS_OF).line(market.pk)
    draft = TaskReport.objects.get(bureau=market, period__quarter=2)
    transition(draft, "submit", user=alice)
    transition(TaskReport.objects.get(pk=draft.pk), "approve", user=office)
    after = assessment.assess(2025, as_of=AS_OF).line(market.pk)
    assert after.total == before.total == MARKET_TOTAL
    today = assessment.assess(2025, as_of=timezone.localdate()).line(market.pk)
    reports = [r for r in today.score("completeness").records if "/task/1/market/" in r.url]
    assert [r.credit for r in reports][:2] == [1, 1]  # Q1 and, as of today, Q2


def test_an_activity_dated_in_the_future_is_refused(login, bob):
    """R6.6 (finding 8): the form refuses a date after today; nothing is saved."""
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "kind": ActivityKind.TRAINING,
        "title": "未来的培训",
        "date": tomorrow.isoformat(),
        "audience": "enterprises",
        "person_times": 0,
    }
    response = login(bob).post(reverse("tasks_registry:activity-new"), data)
    assert response.status_code == 400
    assert str(activities.IN_THE_FUTURE) in response.content.decode()
    assert not Activity.objects.exists()


def test_the_office_confirms_an_activity_without_evidence(login, office, records, science):
    """R6.6: the unconfirmed training of 2025-06-01 counts once the office confirms it (as of a
    date after the confirmation)."""
    activity = Activity.objects.get(bureau=science, date=D(2025, 6, 1))
    response = login(office).post(reverse("tasks_registry:activity-detail", args=[activity.pk]))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.office_confirmed_by == office
    today = assessment.assess(2025, as_of=timezone.localdate()).line(science.pk)
    dates = [r.label[:10] for r in today.score("activities").records]
    assert "2025-06-01" in dates
    as_of = assessment.assess(2025, as_of=AS_OF).line(science.pk)
    assert "2025-06-01" not in [r.label[:10] for r in as_of.score("activities").records]
