"""Targets as the plan words them (docs/rules.md R3): 年均 against 累计 growth, and 5.2 counting
trainings for 企事业单位职工 only. Through GET /api/v1/progress/ and the programme page."""

import datetime

import pytest
from django.urls import reverse

from targets.models import Indicator
from tasks_registry.models import Activity, ActivityKind, AudienceKind

from .factories import compute, period

DEC_2 = datetime.date(2026, 12, 2)


def test_growth_targets_say_whether_they_are_yearly_or_total(db):
    """R3.2: 2.3 "年均增长10%以上" is a yearly average, 3.3 "增长50%以上" a total growth."""
    assert str(Indicator.objects.get(code="2.3").target_display) == "年均增长 ≥ 10%"
    assert str(Indicator.objects.get(code="3.3").target_display) == "累计增长 ≥ 50%"


def test_only_trainings_for_staff_of_enterprises_count_for_5_2(client, office, monkeypatch):
    """R3.5 worked example: in 2026Q3 a training of 300 企事业单位职工 and one of 200 cadres:
    5.2 counts 300 person-times (30 % of 1,000), not 500."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DEC_2)
    hr = Indicator.objects.get(code="5.2").reporting_bureau
    for audience, person_times in ((AudienceKind.ENTERPRISES, 300), (AudienceKind.CADRES, 200)):
        Activity.objects.create(
            kind=ActivityKind.TRAINING,
            title="知识产权培训",
            date=datetime.date(2026, 8, 20),
            bureau=hr,
            audience=audience,
            person_times=person_times,
            created_by=office,
        )
    period(2026, 3)
    compute(today=DEC_2)
    client.force_login(office)
    [row] = client.get("/api/v1/progress/", {"indicator": "5.2", "period": "2026Q3"}).json()[
        "results"
    ]
    assert (row["value"], row["percent"]) == ("300.0000", "30.00")
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "年均增长 ≥ 10%" in page and "累计增长 ≥ 50%" in page


pytestmark = pytest.mark.django_db
