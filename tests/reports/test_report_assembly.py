"""The report assembly: plain data read from Progress rows, tasks and completeness, plus the
sections other apps register."""

# The shared fixtures (tests/exports/report_data.py) are imported, then named as parameters.
# ruff: noqa: F811

import datetime
from decimal import Decimal

import pytest

from reports.assembly import (
    Column,
    ReportPeriodError,
    Section,
    assemble_report,
    register_section,
    unregister_section,
)
from targets.models import Indicator, Progress, ProgressStatus
from tasks_registry.models import KeyTask, TaskStatus
from tests.exports.report_data import TODAY, media, pinned_today, report_data  # noqa: F401
from tests.targets.factories import period

pytestmark = pytest.mark.django_db


def test_it_reads_every_2026_target_from_its_progress_row(report_data):
    report = assemble_report("2026Q3", today=TODAY)
    targets = Indicator.objects.filter(is_auxiliary=False)
    assert [t.code for t in report.targets] == list(targets.values_list("code", flat=True))
    rows = {
        r.indicator.code: r
        for r in Progress.objects.filter(period__year=2026, period__quarter=3).select_related(
            "indicator"
        )
    }
    patents = next(t for t in report.targets if t.code == "2.1")
    stored = rows["2.1"]
    assert patents.value == stored.value == Decimal("812.5")
    assert patents.percent == stored.percent_of_target
    assert patents.expected == stored.expected_percent
    assert patents.projected == stored.projected_value
    assert patents.status == stored.status
    assert patents.target == Decimal("900")
    assert report.data_version == report_data["run"].pk


def test_it_cuts_the_trends_at_the_reported_quarter(report_data):
    quarter2 = assemble_report("2026Q2", today=TODAY)
    trend = next(t for t in quarter2.trends if t.code == "2.1")
    assert trend.labels[-1] == "2026Q2"
    assert trend.values[-1] == 780.0
    patents = next(t for t in quarter2.targets if t.code == "2.1")
    assert patents.value == Decimal("780")


def test_it_builds_the_annual_report_at_the_years_last_period(report_data):
    report = assemble_report("2026", today=TODAY)
    assert report.annual and report.code == "2026"
    assert next(t for t in report.targets if t.code == "2.1").value == Decimal("812.5")
    assert report.start.isoformat() == "2026-01-01" and report.end.isoformat() == "2026-12-31"


def test_it_refuses_a_malformed_or_unknown_period(report_data):
    for code in ("2026Q5", "26Q1", "abc", "2030Q1", "2031"):
        with pytest.raises(ReportPeriodError):
            assemble_report(code)


def test_it_lists_the_19_key_tasks_with_owners_and_the_reported_status(report_data):
    report = assemble_report("2026Q3", today=TODAY)
    assert [t.number for t in report.tasks] == list(range(1, 20))
    assert KeyTask.objects.count() == 19
    first = report.tasks[0]
    assert first.lead == report_data["lead"].name
    assert first.status == TaskStatus.DELAYED and first.percent_complete == 40
    assert report.tasks[1].status == ""  # nobody reported on task 2
    assert "1 of the 19 key tasks" in report.summary or "1" in report.summary


def test_it_counts_completeness_as_the_workflow_does(report_data):
    from workflow.selectors import completeness

    report = assemble_report("2026Q3", today=TODAY)
    _columns, lines, totals = completeness(report_data["task"].reports.first().period, TODAY)
    assert [c.bureau for c in report.completeness] == [line.bureau.name for line in lines]
    assert [c.owed for c in report.completeness] == [line.owed for line in lines]
    assert float(report.completeness_rate) == pytest.approx(totals["completeness_rate"], abs=0.05)


def test_it_counts_statuses_in_the_summary(report_data):
    report = assemble_report("2026Q3", today=TODAY)
    assert sum(report.status_counts.values()) == len(report.targets)
    assert report.status_counts[str(ProgressStatus.NO_DATA.label)] >= 1


def test_it_includes_a_registered_section_and_leaves_out_an_empty_one(report_data):
    @register_section("test.sample", order=1)
    def sample(scope):
        return Section(
            "test.sample",
            "测试",
            [Column("项目"), Column("金额", "yuan")],
            [["甲", Decimal("1.5")]],
        )

    @register_section("test.empty", order=2)
    def empty(scope):
        return None

    try:
        report = assemble_report("2026Q3", today=TODAY)
    finally:
        unregister_section("test.sample")
        unregister_section("test.empty")
    keys = [s.key for s in report.sections]
    assert keys[0] == "test.sample" and "test.empty" not in keys
    assert "test.sample" not in [s.key for s in assemble_report("2026Q3", today=TODAY).sections]


def test_it_summarises_enforcement_through_the_registers_selector(report_data):
    report = assemble_report("2026Q3", today=TODAY)
    enforcement = next(s for s in report.sections if s.key == "enforcement")
    assert enforcement.rows[0][1] == 0  # no cases in the fixture


def test_it_summarises_pledge_financing_through_the_finance_selector(report_data):
    from tests.finance.conftest import make_enterprise, make_loan

    firm = make_enterprise(report_data["lead"], serial=7)
    make_loan(firm, amount="2000000", start=datetime.date(2026, 2, 1), lender="重庆农商行")
    make_loan(firm, amount="500000", start=datetime.date(2026, 11, 1), lender="重庆农商行")
    report = assemble_report("2026Q3", today=TODAY)
    financing = next(s for s in report.sections if s.key == "financing")
    assert financing.rows[0] == ["重庆农商行", Decimal("2000000"), Decimal("2000000")]
    assert financing.rows[-1][1:] == [Decimal("2000000"), Decimal("2000000")]
    # R8.1: the annual report made on 20 October counts nothing dated later; made after the
    # year's end, it counts the November loan too.
    annual = next(s for s in assemble_report("2026", today=TODAY).sections if s.key == "financing")
    assert annual.rows[0][1] == Decimal("2000000")
    after = assemble_report("2026", today=datetime.date(2027, 1, 5))
    annual = next(s for s in after.sections if s.key == "financing")
    assert annual.rows[0][1] == Decimal("2500000")


def test_it_ranks_the_bureaus_in_the_annual_report_only(report_data):
    from reports.assessment import assess

    annual = assemble_report("2026", today=TODAY)
    ranking = next(s for s in annual.sections if s.key == "assessment")
    expected = assess(2026, as_of=TODAY)
    assert [row[:3] for row in ranking.rows] == [
        [line.category_name, line.rank or "不参与排名", line.bureau.name] for line in expected.lines
    ]
    assert [row[-1] for row in ranking.rows] == [line.total for line in expected.lines]
    quarter = assemble_report("2026Q3", today=TODAY)
    assert "assessment" not in [s.key for s in quarter.sections]


def test_it_lists_open_problems_under_supervision(report_data, office):
    from tasks_registry.models import SupervisionItem
    from tasks_registry.supervision import inspection_finding_record

    item = inspection_finding_record(
        user=office,
        date=datetime.date(2026, 9, 1),
        bureau=report_data["lead"],
        findings="专利导航项目推进慢",
        title="专利导航项目整改",
        deadline=datetime.date(2026, 10, 1),
    )
    SupervisionItem.objects.filter(pk=item.pk).update(
        created_at=datetime.datetime(2026, 9, 1, 9, tzinfo=datetime.UTC)
    )
    report = assemble_report("2026Q3", today=TODAY)
    problems = next(s for s in report.sections if s.key == "supervision")
    assert problems.rows == [
        [
            "专利导航项目整改",
            problems.rows[0][1],
            report_data["lead"].name,
            datetime.date(2026, 10, 1),
            "待办理",
            0,  # as of 30 September (R8.5), the day before its deadline
        ]
    ]


def test_it_reads_a_fixed_number_of_queries_whatever_the_data(report_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.targets.factories import compute, figure

    with CaptureQueriesContext(connection) as before:
        assemble_report("2026Q3", today=TODAY)
    for code in ("2.2", "2.3.1", "3.2"):
        for quarter in (1, 2, 3):
            figure(Indicator.objects.get(code=code), 2026, quarter, 10 * quarter)
    compute(today=TODAY)
    with CaptureQueriesContext(connection) as after:
        assemble_report("2026Q3", today=TODAY)
    assert len(after) == len(before)


def test_it_reads_the_year_at_its_latest_quarter_begun(report_data):
    period(2026, 4)  # exists already (its due date was set) but has not begun in September
    report = assemble_report("2026", today=datetime.date(2026, 9, 20))
    assert report.annual and report.code == "2026"
    assert next(t for t in report.targets if t.code == "2.1").value == Decimal("812.5")
    with pytest.raises(ReportPeriodError):
        assemble_report("2026", today=datetime.date(2025, 12, 1))
