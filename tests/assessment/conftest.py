"""Hand-built data for the assessment (docs/rules.md R6): two bureaus with known records, every
other member unit with nothing to assess. Year 2025 assessed as of 2025-07-20, so Q1 (due 04-10)
and Q2 (due 07-10) count.

区市场监管局 (market) owes the figure 2.1 and a report on task 1 for each quarter:
    Q1 figure approved, on time; Q2 figure submitted late, not approved; Q1 report approved on
    time (40 %); Q2 report a draft (its 90 % does not count)
    → timeliness 2/4, completeness 2/4, task progress (0.40 + 0) / 2 = 0.20
    indicator 2.1 at risk at 2025Q2 → 0.5
    supervision: one item done on time and signed off, one not done by its deadline → 1/2
    activities: one, without evidence or confirmation → 0 of the target of 2
    → 10 + 10 + 4 + 7.5 + 7.5 + 0 = 39.00 of 100
区科技局 (science) co-operates on task 1: Q1 (30 %) and Q2 (60 %) approved, on time
    → timeliness 1, completeness 1, task progress (0.30 + 0.60) / 2 = 0.45; no indicator, no
    item: left out; activities: two confirmed by the office (a third unconfirmed, one of the
    year before, one confirmed but dated after the as-of date) → 2/2
    → 20 + 20 + 9 + 10 = 59 of the 70 points that apply → 59 × 100 / 70 = 84.29
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

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


def make_activity(bureau, user, day, kind=ActivityKind.EVENT, confirmed=False, person_times=50):
    """An activity recorded on its day (so it stands as of any later date)."""
    activity = Activity.objects.create(
        kind=kind,
        title=f"活动 {day}",
        date=day,
        bureau=bureau,
        audience=AudienceKind.PUBLIC,
        person_times=person_times,
        created_by=user,
    )
    fields = {"created_at": at(day)}
    if confirmed:
        fields.update(office_confirmed_by=user, office_confirmed_at=at(day))
    Activity.objects.filter(pk=activity.pk).update(**fields)
    activity.refresh_from_db()
    return activity


def list_in_category(client, category, bureau):
    """The office lists `bureau` under `category` in the admin (R6.4); the response."""
    return client.post(
        reverse("admin:reports_assessmentcategory_change", args=[category.pk]),
        {
            "code": category.code,
            "name": category.name,
            "order": category.order,
            "kinds": json.dumps(category.kinds),
            "bureaus": [*category.bureaus.values_list("pk", flat=True), bureau.pk],
        },
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
    make_activity(market, office, D(2025, 4, 26))  # no evidence, not confirmed: does not count
    for day in (D(2025, 3, 1), D(2025, 5, 1)):
        make_activity(science, office, day, kind=ActivityKind.TRAINING, confirmed=True)
    make_activity(science, office, D(2025, 6, 1), kind=ActivityKind.TRAINING)  # unconfirmed
    make_activity(science, office, D(2024, 12, 31), confirmed=True)  # the year before
    make_activity(science, office, D(2025, 8, 1), confirmed=True)  # after the as-of date
    return {"patents": patents, "task": task}


MARKET = {
    "timeliness": Decimal("10.00"),  # 20 × 2/4
    "completeness": Decimal("10.00"),  # 20 × 2/4: the submitted Q2 figure is not approved
    "task_progress": Decimal("4.00"),  # 20 × (0.40 + 0) / 2
    "indicators": Decimal("7.50"),  # 15 × 0.5
    "supervision": Decimal("7.50"),  # 15 × 1/2
    "activities": Decimal("0.00"),  # 10 × 0/2
}
MARKET_TOTAL = Decimal("39.00")
SCIENCE = {
    "timeliness": Decimal("20.00"),
    "completeness": Decimal("20.00"),
    "task_progress": Decimal("9.00"),  # 20 × (0.30 + 0.60) / 2
    "indicators": None,  # nothing to measure: left out
    "supervision": None,
    "activities": Decimal("10.00"),  # 2 counted, target 2
}
SCIENCE_TOTAL = Decimal("84.29")  # 59 × 100 / 70
