"""Hand-built data for the assessment: two bureaus with known records, every other bureau with
nothing to measure. Year 2025 assessed on 2025-07-20, so Q1 (due 04-10) and Q2 (due 07-10) count.

区市场监管局 (market) owes the figure 2.1 and a report on task 1 for each quarter:
    Q1 figure on time, Q2 figure late, Q1 report on time (40 %), Q2 report missing
    → timeliness 2/4, completeness 3/4, task progress 0.40
    indicator 2.1 at risk at 2025Q2 → 0.5
    supervision: one item done on time and signed off, one not done by its deadline → 1/2
    activities: one → 1/2 of the target of 2
区科技局 (science) co-operates on task 1: Q1 and Q2 reports on time (Q2: 60 %)
    → timeliness 1, completeness 1, task progress 0.60, no indicator, no item, three activities.
"""

import datetime
from decimal import Decimal

import pytest

from targets.models import Figure, Indicator, Period, Progress, ProgressStatus
from tasks_registry.models import (
    Activity,
    ActivityKind,
    AudienceKind,
    Inspection,
    KeyTask,
    OwnershipRole,
    SupervisionItem,
    SupervisionSource,
    SupervisionStatus,
    TaskOwnership,
    TaskReport,
)
from workflow.models import SubmissionState

AS_OF = datetime.date(2025, 7, 20)
D = datetime.date


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


def make_activity(bureau, user, day, kind=ActivityKind.EVENT):
    return Activity.objects.create(
        kind=kind,
        title=f"活动 {day}",
        date=day,
        bureau=bureau,
        audience=AudienceKind.PUBLIC,
        person_times=50,
        created_by=user,
    )


@pytest.fixture
def records(market, science, office):
    TaskOwnership.objects.all().delete()
    Indicator.objects.update(reporting_bureau=None)
    patents = Indicator.objects.get(code="2.1")
    patents.reporting_bureau = market
    patents.save()
    task = KeyTask.objects.get(number=1)
    task.ownerships.create(bureau=market, role=OwnershipRole.LEAD)
    task.ownerships.create(bureau=science, role=OwnershipRole.COOPERATING)
    q1 = Period.objects.create(year=2025, quarter=1, due_date=D(2025, 4, 10))
    q2 = Period.objects.create(year=2025, quarter=2, due_date=D(2025, 7, 10))
    approved = SubmissionState.APPROVED
    Figure.objects.create(
        indicator=patents,
        bureau=market,
        period=q1,
        value=1,
        state=approved,
        submitted_at=at(D(2025, 4, 9)),
    )
    Figure.objects.create(
        indicator=patents,
        bureau=market,
        period=q2,
        value=2,
        state=SubmissionState.SUBMITTED,
        submitted_at=at(D(2025, 7, 15)),
    )
    TaskReport.objects.create(
        task=task,
        bureau=market,
        period=q1,
        work_done="x",
        percent_complete=40,
        state=approved,
        submitted_at=at(D(2025, 4, 1)),
    )
    TaskReport.objects.create(
        task=task,
        bureau=market,
        period=q2,
        work_done="draft",
        percent_complete=90,
    )  # a draft: missing, and its 90 % does not count
    for period, percent in ((q1, 30), (q2, 60)):
        TaskReport.objects.create(
            task=task,
            bureau=science,
            period=period,
            work_done="x",
            percent_complete=percent,
            state=approved,
            submitted_at=at(period.due_date),
        )
    Progress.objects.create(indicator=patents, period=q1, status=ProgressStatus.ON_TRACK)
    Progress.objects.create(indicator=patents, period=q2, status=ProgressStatus.AT_RISK)
    inspection = Inspection.objects.create(
        date=D(2025, 3, 1), bureau=market, inspectors="x", findings="x", created_by=office
    )

    def item(title, deadline, **fields):
        return SupervisionItem.objects.create(
            title=title,
            source=SupervisionSource.INSPECTION,
            source_record=inspection,
            lead_bureau=market,
            deadline=deadline,
            created_by=office,
            **fields,
        )

    item(
        "按期办结",
        D(2025, 5, 10),
        status=SupervisionStatus.DONE,
        completed_at=at(D(2025, 5, 1)),
        signed_off_at=at(D(2025, 5, 3)),
        signed_off_by=office,
    )
    item("逾期未办", D(2025, 6, 30), status=SupervisionStatus.IN_PROGRESS)
    item("尚未到期", D(2025, 9, 30))  # not yet due: does not count
    make_activity(market, office, D(2025, 4, 26))
    for day in (D(2025, 3, 1), D(2025, 5, 1), D(2025, 6, 1)):
        make_activity(science, office, day, kind=ActivityKind.TRAINING)
    make_activity(science, office, D(2024, 12, 31))  # the year before: does not count
    return {"patents": patents, "task": task}


MARKET = {
    "timeliness": Decimal("10.00"),  # 20 × 2/4
    "completeness": Decimal("15.00"),  # 20 × 3/4
    "task_progress": Decimal("8.00"),  # 20 × 0.40
    "indicators": Decimal("7.50"),  # 15 × 0.5
    "supervision": Decimal("7.50"),  # 15 × 1/2
    "activities": Decimal("5.00"),  # 10 × 1/2
}
SCIENCE = {
    "timeliness": Decimal("20.00"),
    "completeness": Decimal("20.00"),
    "task_progress": Decimal("12.00"),  # 20 × 0.60
    "indicators": Decimal("15.00"),  # nothing to measure: full points
    "supervision": Decimal("15.00"),
    "activities": Decimal("10.00"),  # 3 held, target 2: capped at 1
}
# Any other bureau: nothing to measure but activities (none held).
OTHER_TOTAL = Decimal("90.00")
