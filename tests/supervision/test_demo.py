"""The demo's activities, supervision items and instruction: loaded once however often it runs."""

import datetime

import pytest

from tasks_registry.demo import load_demo_supervision
from tasks_registry.models import Activity, LeaderInstruction, SupervisionItem, SupervisionSource

pytestmark = pytest.mark.django_db


def test_it_loads_every_source_once(office, leader):
    today = datetime.date(2026, 11, 25)
    first = load_demo_supervision(today)
    counts = (Activity.objects.count(), SupervisionItem.objects.count())
    assert counts[0] >= 4 and LeaderInstruction.objects.count() == 1
    sources = set(SupervisionItem.objects.values_list("source", flat=True))
    assert {SupervisionSource.INSPECTION, SupervisionSource.JOINT_MEETING} <= sources
    assert SupervisionSource.INSTRUCTION in sources
    assert SupervisionItem.objects.overdue(today).exists()  # the dashboard has one to show
    assert load_demo_supervision(today) == 0 < first
    assert (Activity.objects.count(), SupervisionItem.objects.count()) == counts
