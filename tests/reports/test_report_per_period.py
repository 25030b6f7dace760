"""R8.1 and R8.2 through the report page: a past quarter's report counts nothing dated after its
end; the annual report reads every quarter of the year."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enforcement import services as cases
from reports.assembly import assemble_report
from tasks_registry.models import KeyTask, OwnershipRole, TaskReport, TaskStatus
from tests.enforcement.conftest import case_data
from tests.finance.conftest import make_enterprise, make_loan
from tests.targets.factories import compute, period
from workflow.models import SubmissionState
from workflow.selectors import rows_for

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 2)


@pytest.fixture
def december(db, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return [period(2026, q) for q in (1, 2, 3, 4)]


def preview(client, code):
    response = client.get(reverse("report:preview", kwargs={"code": code}))
    assert response.status_code == 200
    return response.context["report"], response.content.decode()


def section(report, key):
    return next(s for s in report.sections if s.key == key)


def headline(report, name):
    return next(h.value for h in report.headlines if h.name == name)


@pytest.fixture
def seven_loans(december, market):
    """R8.1's example: six loans of 1,000,000 yuan by 30 September, one of 3,000,000 on
    15 November."""
    firm = make_enterprise(market, serial=11)
    for month in (1, 2, 3, 5, 7, 9):
        make_loan(firm, "1000000", D(2026, month, 15), lender="甲银行")
    make_loan(firm, "3000000", D(2026, 11, 15), lender="甲银行")


def test_it_counts_a_past_quarters_loans_and_balance_at_its_end(login, office, seven_loans):
    """R8.1: the 2026Q3 report made on 2 December says 6 笔 and the balance of 30 September
    (6,000,000 yuan), in its table, its note and its headline; the 2026 report says 7 笔 and
    today's balance (9,000,000 yuan)."""
    compute(today=TODAY)  # the nightly run stores today's headlines (9,000,000 outstanding)
    client = login(office)
    report, html = preview(client, "2026Q3")
    financing = section(report, "financing")
    assert financing.rows[-1][1:] == [Decimal("6000000"), Decimal("6000000")]
    assert "2026年共向 1 家企业发放 6 笔贷款" in financing.note and "6 笔贷款" in html
    assert headline(report, "finance.pledge_outstanding") == Decimal("6000000")
    report, html = preview(client, "2026")
    financing = section(report, "financing")
    assert financing.rows[-1][1:] == [Decimal("9000000"), Decimal("9000000")]
    assert "发放 7 笔贷款" in financing.note
    assert headline(report, "finance.pledge_outstanding") == Decimal("9000000")


def test_it_leaves_a_case_closed_after_the_quarter_out_of_its_report(
    login, office, alice, december
):
    """R8.1 and R8.3: a case filed 1 August and closed 10 October is filed, not closed, in the
    2026Q3 report (and in its 本年度结案数 headline); the 2026 report counts it closed."""
    case = cases.case_create(user=alice, data=case_data(filed_on=D(2026, 8, 1)))
    cases.case_advance(case, user=alice, to_status="investigating", happened_on=D(2026, 8, 5))
    cases.case_advance(case, user=alice, to_status="closed", happened_on=D(2026, 10, 10))
    client = login(office)
    for code, closed in (("2026Q3", 0), ("2026", 1)):
        report, _html = preview(client, code)
        filed, _decided, closed_row = section(report, "enforcement").rows[:3]
        assert (filed[1], closed_row[1]) == (1, closed)
        assert headline(report, "enforcement.cases_closed_this_year") == closed


@pytest.fixture
def reported_in_q3(december):
    """Every key task reported by its lead for 2026Q3; task 1 also early for 2026Q4."""
    q3, q4 = december[2], december[3]
    leads = {}
    for task in KeyTask.objects.all():
        lead = task.ownerships.get(role=OwnershipRole.LEAD).bureau
        leads[task.number] = lead
        TaskReport.objects.create(
            task=task,
            bureau=lead,
            period=q3,
            status=TaskStatus.ON_TRACK,
            percent_complete=60,
            work_done="按计划推进",
            state=SubmissionState.SUBMITTED,
        )
    TaskReport.objects.create(
        task=KeyTask.objects.get(number=1),
        bureau=leads[1],
        period=q4,
        status=TaskStatus.DONE,
        percent_complete=100,
        work_done="已完成",
        state=SubmissionState.SUBMITTED,
    )
    return leads


def test_it_reads_every_quarter_of_the_year_in_the_annual_report(login, office, reported_in_q3):
    """R8.2: on 2 December, with Q4 running, the 2026 report shows 19 of 19 tasks reported
    (task 1 with its early Q4 report), not "18 未报送"; a bureau's rate is over Q1–Q3's
    obligations."""
    report, html = preview(login(office), "2026")
    assert len(report.tasks) == 19
    assert all(task.status for task in report.tasks)
    first = report.tasks[0]
    assert first.status == TaskStatus.DONE and first.status_label.endswith("（2026Q4）")
    assert report.tasks[1].status_label.endswith("（2026Q3）")
    lead = reported_in_q3[1]
    owed = sum(len(rows_for(p, lead.pk)) for p in report_periods(2026, (1, 2, 3)))
    handed_in = sum(1 for bureau in reported_in_q3.values() if bureau == lead)
    line = next(row for row in report.completeness if row.bureau == lead.name)
    assert (line.owed, line.submitted) == (owed, handed_in)
    assert line.completeness_rate == Decimal(100 * handed_in / owed).quantize(Decimal("0.1"))
    assert "（2026Q4）" in html


def report_periods(year, quarters):
    return [period(year, q) for q in quarters]


def test_it_reads_the_annual_report_in_a_fixed_number_of_queries(office, reported_in_q3, alice):
    # Once first: after a flushed database the first report seeds the assessment's criteria.
    assemble_report("2026", today=TODAY)
    with CaptureQueriesContext(connection) as before:
        assemble_report("2026", today=TODAY)
    firm = make_enterprise(alice.bureau, serial=12)
    for month in (2, 4, 8):
        make_loan(firm, "1000000", D(2026, month, 1), lender=f"银行{month}")
    for n in range(3):
        cases.case_create(user=alice, data=case_data(number=f"Q-{n}", filed_on=D(2026, 5, 1)))
    with CaptureQueriesContext(connection) as after:
        assemble_report("2026", today=TODAY)
    assert len(after) == len(before)


def test_it_writes_the_quarters_figures_into_the_downloaded_workbook(login, office, seven_loans):
    """R8.1 in the Excel export: the 2026Q3 workbook holds 6 笔 and 6,000,000 yuan, never the
    15 November loan's 9,000,000 balance."""
    import io

    from openpyxl import load_workbook

    compute(today=TODAY)
    response = login(office).post(
        reverse("report:download", kwargs={"code": "2026Q3", "fmt": "xlsx"})
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert any(isinstance(v, str) and "发放 6 笔贷款" in v for v in cells)
    assert not any(isinstance(v, str) and "发放 7 笔贷款" in v for v in cells)
    numbers = {Decimal(str(v)) for v in cells if isinstance(v, (int, float))}
    assert Decimal("6000000") in numbers
    assert Decimal("9000000") not in numbers
