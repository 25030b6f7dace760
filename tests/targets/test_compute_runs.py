"""A run is idempotent, atomic, recorded, and reads everything in a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from targets.metrics import registry
from targets.models import (
    IndicatorKind,
    IndicatorSource,
    Progress,
    ProgressRun,
    ProgressStatus,
    RunStatus,
    TargetAssessment,
)

from .factories import compute, figure, indicator, period, progress_at, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def metric():
    """Register a test metric, and unregister it afterwards."""
    names = []

    def _register(name, fn, **kwargs):
        registry.register(name, **kwargs)(fn)
        names.append(name)

    yield _register
    for name in names:
        registry.unregister(name)


def test_it_gives_the_same_rows_on_a_second_run():
    ind = indicator("T1")
    figure(ind, 2024, 1, 500)
    figure(ind, 2024, 3, 650)
    first = compute()
    before = snapshot()
    second = compute()
    assert snapshot() == before
    assert first.rows_created == len(before) > 0
    assert second.rows_changed == 0


def test_it_updates_only_the_rows_whose_data_changed():
    ind = indicator("T1")
    figure(ind, 2024, 1, 500)
    figure(ind, 2024, 2, 600)
    compute()
    ind.figures.filter(period__quarter=2).update(value=Decimal("610"))
    run = compute()
    assert (run.rows_created, run.rows_updated, run.rows_deleted) == (0, 1, 0)
    assert progress_at(ind, 2024, 2).value == Decimal("610")


def test_it_keeps_the_previous_results_when_a_run_fails_half_way(metric):
    ind = indicator("T1")
    figure(ind, 2024, 1, 500)
    compute()
    before = snapshot()

    def broken(periods):
        raise RuntimeError("register unavailable")

    metric("test.broken", broken)
    indicator("T9", source=IndicatorSource.METRIC, metric="test.broken")
    figure(ind, 2024, 1, 300, bureau="science")  # would change T1's row
    with pytest.raises(RuntimeError):
        compute()
    assert snapshot() == before
    run = ProgressRun.objects.latest()
    assert run.status == RunStatus.FAILED
    assert "register unavailable" in run.error
    assert run.finished_at is not None


def test_it_rolls_back_rows_already_written_when_writing_fails(monkeypatch):
    ind = indicator("T1")
    figure(ind, 2024, 1, 500)
    figure(ind, 2024, 2, 600)
    compute()
    before = snapshot()
    ind.figures.update(value=Decimal("700"))
    period(2024, 3)

    def fail_after_creating(*args, **kwargs):
        raise RuntimeError("disk full")

    # bulk_create (new rows for 2024Q3) runs first; bulk_update then fails.
    monkeypatch.setattr(Progress.objects, "bulk_update", fail_after_creating)
    with pytest.raises(RuntimeError):
        compute()
    assert snapshot() == before


def test_it_records_the_run():
    ind = indicator("T1")
    figure(ind, 2024, 1, 500)
    run = compute()
    assert run.status == RunStatus.SUCCEEDED
    assert run.trigger == "test"
    assert run.finished_at >= run.started_at
    assert run.duration == run.finished_at - run.started_at
    assert run.rows_created == Progress.objects.count()


def test_it_marks_a_run_left_running_by_a_dead_worker_failed():
    stale = ProgressRun.objects.create(started_at=timezone.now() - datetime.timedelta(hours=3))
    compute()
    stale.refresh_from_db()
    assert stale.status == RunStatus.FAILED


def test_it_gives_no_data_for_a_metric_nobody_registered():
    ind = indicator("T6", source=IndicatorSource.METRIC, metric="nobody.registered_this")
    period(2024, 1)
    run = compute()
    assert run.status == RunStatus.SUCCEEDED
    assert progress_at(ind, 2024, 1).status == ProgressStatus.NO_DATA


def test_it_reads_a_registered_metric(metric):
    p1, p2 = period(2025, 1), period(2025, 2)
    metric("test.events", lambda periods: {p1.pk: 1, p2.pk: {None: Decimal(2)}})
    ind = indicator(
        "T7", kind=IndicatorKind.ANNUAL_FLOOR, target="2", source=IndicatorSource.METRIC,
        metric="test.events",
    )  # fmt: skip
    compute()
    assert progress_at(ind, 2025, 1).status == ProgressStatus.ON_TRACK  # 1 of 2, 25 % due
    assert progress_at(ind, 2025, 2).value == Decimal("3")
    assert progress_at(ind, 2025, 2).status == ProgressStatus.ACHIEVED


def test_it_takes_a_qualitative_status_from_the_office_assessment(office):
    """R3.6: the period's verdict; an unassessed period is pending, not no data or a failure."""
    assessed = indicator(
        "T8", kind=IndicatorKind.QUALITATIVE, target=None, source=IndicatorSource.ASSESSMENT
    )
    unassessed = indicator(
        "T9", kind=IndicatorKind.QUALITATIVE, target=None, source=IndicatorSource.ASSESSMENT
    )
    TargetAssessment.objects.create(
        indicator=assessed, period=period(2024, 1), verdict="largely", narrative="基本建成",
        assessed_by=office, assessed_at=timezone.now(),
    )  # fmt: skip
    period(2024, 2)
    compute()
    assert progress_at(assessed, 2024, 1).status == ProgressStatus.LARGELY
    assert progress_at(assessed, 2024, 1).value is None
    assert progress_at(assessed, 2024, 2).status == ProgressStatus.PENDING
    assert progress_at(unassessed, 2024, 1).status == ProgressStatus.PENDING


def _queries_of_a_run() -> int:
    with CaptureQueriesContext(connection) as queries:
        compute()
    return len(queries)


def test_it_uses_the_same_number_of_queries_with_many_figures():
    small = indicator("T1")
    figure(small, 2024, 1, 1)
    compute()
    few = _queries_of_a_run()

    for code in ("T2", "T3", "T4"):
        ind = indicator(code)
        for year in (2024, 2025):
            for quarter in (1, 2, 3, 4):
                figure(ind, year, quarter, year + quarter)
                figure(ind, year, quarter, 1, bureau="science")
    Progress.objects.all().delete()
    compute()  # creates the rows, so the next run compares as many as the first did
    many = _queries_of_a_run()
    assert Progress.objects.count() > 100
    assert many == few


def test_it_runs_from_the_management_command(capsys):
    ind = indicator("T1")
    figure(ind, 2024, 1, 500)
    call_command("compute_progress")
    assert "created" in capsys.readouterr().out
    assert ProgressRun.objects.latest().trigger == "command"
