"""Events and training person-times per year feed indicators 5.1 and 5.2 through the metrics."""

import datetime
from decimal import Decimal

import pytest

from bureaus.models import Bureau
from targets.metrics import registry
from targets.models import Indicator, ProgressStatus
from tasks_registry.metrics import PUBLICITY_EVENTS, TRAINING_PERSON_TIMES
from tasks_registry.models import ActivityKind
from tests.targets.factories import compute, period, progress_at

from .conftest import activity

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def events():
    return Indicator.objects.get(code="5.1")


@pytest.fixture
def person_times():
    return Indicator.objects.get(code="5.2")


def test_it_registers_the_metrics_the_programme_names(events, person_times):
    assert events.metric == PUBLICITY_EVENTS
    assert person_times.metric == TRAINING_PERSON_TIMES
    assert registry.get(PUBLICITY_EVENTS) and registry.get(TRAINING_PERSON_TIMES)


def test_it_adds_up_person_times_of_trainings_over_the_year(alice, bob, person_times):
    activity(alice.bureau, alice, date=D(2025, 2, 1), person_times=300)
    activity(bob.bureau, bob, date=D(2025, 3, 30), person_times=250)
    activity(alice.bureau, alice, date=D(2025, 5, 5), person_times=500)
    # A publicity event's audience is not training attendance.
    activity(alice.bureau, alice, date=D(2025, 5, 6), person_times=999, kind=ActivityKind.EVENT)
    for quarter in (1, 2):
        period(2025, quarter)
    compute()
    q1, q2 = progress_at(person_times, 2025, 1), progress_at(person_times, 2025, 2)
    assert q1.value == Decimal("550")
    assert q1.contributions == {str(alice.bureau_id): "300.0000", str(bob.bureau_id): "250.0000"}
    assert (q2.value, q2.percent_of_target) == (Decimal("1050"), Decimal("105.00"))
    assert q2.status == ProgressStatus.ACHIEVED


def test_it_counts_events_per_year(alice, events):
    activity(alice.bureau, alice, date=D(2025, 4, 26), kind=ActivityKind.EVENT)
    activity(alice.bureau, alice, date=D(2025, 4, 27), kind=ActivityKind.EVENT)
    activity(alice.bureau, alice, date=D(2025, 4, 28))  # a training is not an event
    period(2025, 2)
    compute()
    row = progress_at(events, 2025, 2)
    assert (row.value, row.status) == (Decimal("2"), ProgressStatus.ACHIEVED)


def test_it_starts_again_at_the_year_boundary(alice, events, person_times):
    activity(alice.bureau, alice, date=D(2025, 12, 31), person_times=1200)
    activity(alice.bureau, alice, date=D(2025, 12, 31), kind=ActivityKind.EVENT)
    activity(alice.bureau, alice, date=D(2025, 12, 31), kind=ActivityKind.EVENT)
    activity(alice.bureau, alice, date=D(2026, 1, 1), person_times=100)
    period(2025, 4)
    period(2026, 1)
    compute()
    assert progress_at(person_times, 2025, 4).value == Decimal("1200")
    assert progress_at(person_times, 2025, 4).status == ProgressStatus.ACHIEVED
    january = progress_at(person_times, 2026, 1)
    assert january.value == Decimal("100")  # 31 December counted in 2025 only
    assert january.status == ProgressStatus.OFF_TRACK
    assert progress_at(events, 2025, 4).value == Decimal("2")
    assert progress_at(events, 2026, 1).value is None  # nothing held yet in 2026


def test_it_answers_with_one_query_whatever_the_data(alice, django_assert_num_queries):
    periods = [period(2025, q) for q in (1, 2, 3, 4)]
    for day in range(1, 28):
        activity(alice.bureau, alice, date=D(2025, 3, day), person_times=10)
    with django_assert_num_queries(1):
        values = registry.get(TRAINING_PERSON_TIMES).fn(periods)
    assert values == {periods[0].pk: {alice.bureau_id: Decimal("270")}}
    assert Bureau.objects.filter(pk=alice.bureau_id).exists()
