"""Register exports: the filtered, scoped rows in a streamed workbook; formula-looking text kept
as text; large exports as a job with progress; memory bounded."""

# The shared fixtures (tests/exports/report_data.py) are imported, then named as parameters.
# ruff: noqa: F811

import io
import tracemalloc
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from exports.list_exports import figures_queryset, task_reports_queryset
from exports.models import ExportJob, JobStatus
from exports.services import INTERRUPTED, export_job_run, export_jobs_fail_stale
from exports.streaming import ExportColumn, write_rows
from targets.models import FigureState, Indicator
from tests.exports.report_data import media, pinned_today, report_data  # noqa: F401
from tests.targets.factories import figure

pytestmark = pytest.mark.django_db


def _sheet(data: bytes):
    return load_workbook(io.BytesIO(data)).worksheets[0]


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def figures(report_data):
    population = Indicator.objects.get(code="2.3.1")
    figure(population, 2026, 3, 250000, bureau="science", state=FigureState.DRAFT, note="=1+2")
    return report_data


def test_it_exports_the_filtered_figures_as_the_queryset_has_them(login, office, figures):
    response = login(office).get(
        reverse("exports:list", args=["figures", "2026Q3"]) + "?state=approved"
    )
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    rows = list(_sheet(_body(response)).iter_rows(min_row=2, values_only=True))
    expected = figures_queryset(office, {"period": "2026Q3", "state": "approved"})
    assert [(r[1], r[3], r[4]) for r in rows] == [
        (f.indicator.code, f.bureau.name, float(f.value)) for f in expected
    ]
    assert len(rows) == 2 and all(isinstance(r[4], float | int) for r in rows)


def test_it_exports_only_the_staffs_own_bureau(login, bob, figures):
    rows = list(
        _sheet(
            _body(login(bob).get(reverse("exports:list", args=["figures", "2026Q3"])))
        ).iter_rows(min_row=2, values_only=True)
    )
    assert [r[3] for r in rows] == [bob.bureau.name]


def test_it_writes_formula_looking_text_as_text(login, office, figures):
    sheet = _sheet(_body(login(office).get(reverse("exports:list", args=["figures", "2026Q3"]))))
    notes = [row[8] for row in sheet.iter_rows(min_row=2) if row[8].value]
    assert [(c.value, c.data_type) for c in notes] == [("=1+2", "s")]


def test_it_exports_the_task_reports_of_a_period(login, office, report_data):
    response = login(office).get(reverse("exports:list", args=["task_reports", "2026Q3"]))
    rows = list(_sheet(_body(response)).iter_rows(min_row=2, values_only=True))
    expected = list(task_reports_queryset(office, {"period": "2026Q3"}))
    assert [(r[1], r[3], r[5]) for r in rows] == [
        (t.task.number, t.bureau.name, t.percent_complete) for t in expected
    ]


def test_it_turns_a_large_export_into_a_job_with_progress_and_a_link(
    login, office, figures, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_ROWS = 1
    client = login(office)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(reverse("exports:list", args=["figures", "2026Q3"]))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("exports:job", args=[job.pk])
    assert len(callbacks) == 1 and job.status == JobStatus.QUEUED and job.total == 3
    page = client.get(response.url).content.decode()
    assert 'data-status="queued"' in page and 'http-equiv="refresh"' in page
    export_job_run(job_id=job.pk)  # what the worker's run_export does
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.progress == 3
    page = client.get(response.url).content.decode()
    assert reverse("exports:job-download", args=[job.pk]) in page
    data = _body(client.get(reverse("exports:job-download", args=[job.pk])))
    rows = list(_sheet(data).iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in rows] == [
        f.indicator.code for f in figures_queryset(office, {"period": "2026Q3"})
    ]


def test_it_hides_a_job_from_everyone_but_its_requester(login, office, leader, figures):
    job = ExportJob.objects.create(kind="figures", params={"period": "2026Q3"}, created_by=office)
    assert login(leader).get(reverse("exports:job", args=[job.pk])).status_code == 404


def test_it_marks_a_job_found_running_as_failed_instead_of_running_it_again(office, figures):
    job = ExportJob.objects.create(
        kind="figures", params={"period": "2026Q3"}, created_by=office, status=JobStatus.RUNNING
    )
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error == INTERRUPTED and not job.file


def test_it_fails_jobs_left_running_past_the_time_limit(office, figures):
    import datetime

    from django.utils import timezone

    long_ago = timezone.now() - datetime.timedelta(hours=2)
    job = ExportJob.objects.create(
        kind="figures", created_by=office, status=JobStatus.RUNNING, started_at=long_ago
    )
    assert export_jobs_fail_stale() == 1
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED


def test_it_keeps_memory_bounded_while_writing_many_rows(tmp_path):
    columns = [
        ExportColumn("编号", lambda i: i),
        ExportColumn("名称", lambda i: f"=企业{i}"),
        ExportColumn("金额", lambda i: Decimal(i) / 7),
    ]

    def peak(rows: int) -> int:
        tracemalloc.start()
        with open(tmp_path / f"{rows}.xlsx", "wb") as file:
            write_rows(file, columns, range(rows))
        _current, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(2_000), peak(40_000)
    assert large < small * 3  # twenty times the rows, not twenty times the memory
    assert large < 20 * 1024 * 1024
    sheet = load_workbook(tmp_path / "40000.xlsx", read_only=True).worksheets[0]
    *_rows, last = sheet.iter_rows(values_only=True)
    assert last[0] == 39_999 and last[1] == "=企业39999"


def test_it_shows_reports_and_jobs_read_only_in_the_admin(client, admin_user, office):
    ExportJob.objects.create(kind="figures", params={"period": "2026Q3"}, created_by=office)
    client.force_login(admin_user)
    for name in ("generatedreport", "exportjob"):
        assert client.get(f"/admin/exports/{name}/").status_code == 200
        assert client.get(f"/admin/exports/{name}/add/").status_code == 403


@pytest.mark.parametrize(
    "path, query, words",
    [
        (["figures", "2026Q9"], "", "2026Q9"),
        (["task_reports", "2026Q3"], "?state=bogus", "bogus"),
        (["task_reports", "2026Q3"], "?task=abc", "abc"),
        (["figures", "2026Q3\n"], "", "2026Q3"),
    ],
)
def test_it_refuses_an_unreadable_period_or_state_with_a_clear_error(
    login, office, report_data, path, query, words
):
    response = login(office).get(reverse("exports:list", args=path) + query)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="export-errors"' in page and words in page
    assert not ExportJob.objects.exists()
