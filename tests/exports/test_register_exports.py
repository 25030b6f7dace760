"""Every register's export through the one export path (exports/registry.py, ListExportView):
the file read back equals the list page's filtered rows, in order and with numbers as numbers and
dates as dates; another bureau's rows never appear; formula-looking text stays text; a large
export becomes a job that writes the same rows; unreadable filters get a clear 400; the number of
queries does not grow with the rows."""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from enforcement import services as case_services
from enforcement.filters import filtered_cases
from exports.models import ExportJob, JobStatus
from exports.services import export_job_run
from finance import selectors
from finance.models import InsurancePolicy, LoanStatus
from tasks_registry import activities
from tasks_registry.models import ActivityKind
from tests.enforcement.conftest import case_data
from tests.finance.conftest import make_enterprise, make_loan
from tests.supervision.conftest import activity

pytestmark = pytest.mark.django_db
D = datetime.date
TRICKY = ("=1+1", "+8613800000000", "@x", "-2")  # what Excel would otherwise run as formulas


def number(value) -> Decimal:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(str(value))


def day(value) -> datetime.date:
    assert isinstance(value, datetime.datetime), value  # openpyxl reads dates back as datetimes
    return value.date()


def text(cell) -> str:
    assert cell.data_type == "s", (cell.value, cell.data_type)
    return cell.value


# Each register: rows for a bureau, the list page's own selector, how a row reads back ------------


def make_cases(user, count, start=0):
    for index in range(start, start + count):
        case_services.case_create(
            user=user,
            data=case_data(
                number=f"{user.username}-{index:03d}",
                title=TRICKY[index % len(TRICKY)],
                ip_type="patent" if index % 2 else "trademark",
                filed_on=D(2026, 1, 1) + datetime.timedelta(days=index),
                fine=Decimal(1000 + index) + Decimal("0.5"),
            ),
        )


def make_enterprises(user, count, start=0):
    serial = 1000 if user.username == "alice" else 2000
    for index in range(start, start + count):
        make_enterprise(
            user.bureau,
            serial + index,
            name=f"{TRICKY[index % len(TRICKY)]}企业{user.username}{index:03d}",
            is_high_tech=bool(index % 2),
            standard_certified_on=D(2025, 1, 1) + datetime.timedelta(days=index),
            ip_status="demonstration",
            ip_status_level="municipal",
            ip_status_year=2020 + index % 5,
        )


def make_loans(user, count, start=0):
    serial = 3000 if user.username == "alice" else 4000
    for index in range(start, start + count):
        firm = make_enterprise(user.bureau, serial + index)
        make_loan(
            firm,
            amount=str(500000 + index),
            start=D(2025, 1, 1) + datetime.timedelta(days=index),
            lender=TRICKY[index % len(TRICKY)] + "银行",
            status=LoanStatus.REPAID if index % 2 else LoanStatus.ACTIVE,
        )


def make_insurance(user, count, start=0):
    serial = 5000 if user.username == "alice" else 6000
    for index in range(start, start + count):
        firm = make_enterprise(user.bureau, serial + index)
        InsurancePolicy.objects.create(
            enterprise=firm,
            bureau=user.bureau,
            kind="liability" if index % 2 else "loss",
            insurer=TRICKY[index % len(TRICKY)] + "保险",
            policy_number=f"P-{user.username}-{index:03d}",
            premium=Decimal(5000 + index),
            coverage=Decimal("500000.25"),
            starts_on=D(2025, 1, 1) + datetime.timedelta(days=index),
            ends_on=D(2025, 12, 31),
        )


# The activities list shows the current year unless asked: the test's activities are this year's.
THIS_YEAR = timezone.localdate().year


def make_activities(user, count, start=0):
    for index in range(start, start + count):
        activity(
            user.bureau,
            user,
            kind=ActivityKind.TRAINING if index % 2 else ActivityKind.EVENT,
            date=D(THIS_YEAR, 1, 1) + datetime.timedelta(days=index),
            person_times=10 + index,
            title=f"{TRICKY[index % len(TRICKY)]}活动{user.username}{index:03d}",
        )


def listed_activities(user, query):
    from tasks_registry.list_exports import activity_filters

    filters, errors = activity_filters(user, query)
    assert not errors
    return activities.activities_for(user, **filters)


@dataclass
class Register:
    key: str
    url: str
    make: Callable  # (user, count, start=0): rows kept by the user's bureau
    listed: Callable  # (user, QueryDict) -> the list page's rows
    expected: Callable  # a listed row -> what its exported row must read back as
    exported: Callable  # an exported row (cells) -> the same
    tricky_column: int  # where TRICKY text goes
    filter: str  # a filter of the list page that keeps about half the rows
    bad: str  # a filter the list page cannot read
    bad_words: str  # which the error names


REGISTERS = [
    Register(
        "cases",
        "enforcement:case-export",
        make_cases,
        lambda user, query: filtered_cases(user, query)[1],
        lambda c: (c.number, c.title, c.fine, c.filed_on),
        lambda r: (r[0].value, text(r[1]), number(r[17].value), day(r[13].value)),
        1,
        "ip_type=patent&sort=number",
        "filed_after=not-a-date",
        "filed from",
    ),
    Register(
        "enterprises",
        "finance:enterprise-export",
        make_enterprises,
        lambda user, query: selectors.filtered_enterprises(user, query)[1],
        lambda e: (e.name, e.uscc, e.standard_certified_on, e.ip_status_year),
        lambda r: (text(r[0]), r[1].value, day(r[7].value), number(r[11].value)),
        0,
        "category=high_tech",
        "category=nonsense",
        "category",
    ),
    Register(
        "loans",
        "finance:loan-export",
        make_loans,
        lambda user, query: selectors.filtered_loans(user, query)[1],
        lambda loan: (loan.enterprise.uscc, loan.lender, loan.amount, loan.rate, loan.start_date),
        lambda r: (
            r[1].value,
            text(r[2]),
            number(r[3].value),
            number(r[4].value),
            day(r[5].value),
        ),
        2,
        "status=repaid",
        "year=99999",  # a number, but no date's year
        "year granted",
    ),
    Register(
        "insurance",
        "finance:insurance-export",
        make_insurance,
        lambda user, query: selectors.filtered_insurance(user, query)[1],
        lambda p: (p.policy_number, p.insurer, p.premium, p.coverage, p.starts_on),
        lambda r: (
            r[4].value,
            text(r[3]),
            number(r[5].value),
            number(r[6].value),
            day(r[7].value),
        ),
        3,
        "insurance_type=liability",
        "year=abc",
        "year",
    ),
    Register(
        "activities",
        "tasks_registry:activity-export",
        make_activities,
        listed_activities,
        lambda a: (a.title, a.date, a.person_times),
        lambda r: (text(r[2]), day(r[0].value), number(r[6].value)),
        2,
        f"year={THIS_YEAR}&kind=training",
        "year=abc",
        "abc",
    ),
]


@pytest.fixture(params=REGISTERS, ids=lambda r: r.key)
def register(request, alice, bob):
    spec = request.param
    spec.make(alice, 8)
    spec.make(bob, 3)  # another bureau's rows
    return spec


def export_url(spec: Register, query: str = "") -> str:
    return reverse(spec.url) + (f"?{query}" if query else "")


def read_rows(data: bytes) -> list:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [row for row in sheet.iter_rows(min_row=2)]


def exported(client, spec: Register, query: str = "") -> list[tuple]:
    response = client.get(export_url(spec, query))
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return [spec.exported(row) for row in read_rows(b"".join(response.streaming_content))]


def expected(spec: Register, user, query: str = "") -> list[tuple]:
    return [spec.expected(row) for row in spec.listed(user, QueryDict(query))]


@pytest.mark.parametrize("query", ["", "filter"])
def test_it_exports_exactly_the_filtered_list_of_the_users_bureau(
    login, alice, bob, register, query
):
    query = register.filter if query == "filter" else ""
    rows = exported(login(alice), register, query)
    assert rows == expected(register, alice, query)
    assert 0 < len(rows) <= 8 and (len(rows) < 8) is bool(query)  # the filter applied
    assert len(expected(register, alice, "")) == 8
    theirs = expected(register, bob, "")
    assert len(theirs) == 3 and not set(theirs) & set(rows)  # another bureau's rows never appear


def test_it_keeps_formula_looking_text_as_text(login, alice, register):
    data = b"".join(login(alice).get(export_url(register)).streaming_content)
    cells = [row[register.tricky_column] for row in read_rows(data)]
    for prefix in TRICKY:
        found = [c for c in cells if str(c.value).startswith(prefix)]
        assert found and all(c.data_type == "s" for c in found), prefix
    # The workbook holds no formula at all (openpyxl's "f" cells are written as <f>).
    assert all(c.data_type != "f" for row in read_rows(data) for c in row)


def test_it_shows_the_readers_every_bureau(login, office, register):
    assert len(exported(login(office), register)) == 11


def test_a_large_export_becomes_a_job_that_writes_the_same_rows(
    login, alice, register, settings, django_capture_on_commit_callbacks
):
    client = login(alice)
    small = exported(client, register, register.filter)
    settings.EXPORT_SYNC_ROWS = 1
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(export_url(register, register.filter))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("exports:job", args=[job.pk])
    assert len(callbacks) == 1  # the worker is told once the job row is committed
    assert job.kind == register.key and job.total == len(small)
    assert job.params == dict(QueryDict(register.filter).items())
    export_job_run(job_id=job.pk)  # what the worker's run_export does
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.progress == len(small) and job.filename.endswith(".xlsx")
    page = client.get(response.url).content.decode()
    assert 'data-status="done"' in page and reverse("exports:job-download", args=[job.pk]) in page
    assert all(f"{key}={value}" in page for key, value in QueryDict(register.filter).items())
    data = b"".join(client.get(reverse("exports:job-download", args=[job.pk])).streaming_content)
    assert [register.exported(row) for row in read_rows(data)] == small
    job.file.delete()


def test_it_refuses_an_unreadable_filter_with_a_clear_error(login, alice, register):
    response = login(alice).get(export_url(register, register.bad), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="export-errors"' in page and register.bad_words in page
    assert not ExportJob.objects.exists()


def test_it_exports_any_number_of_rows_in_the_same_queries(login, office, alice, register):
    client = login(office)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(export_url(register))
            b"".join(response.streaming_content)
        return len(context.captured_queries)

    few = queries()
    register.make(alice, 20, start=8)
    assert queries() == few
    assert len(exported(client, register)) == 31


def test_a_job_re_applies_the_filters_under_its_requesters_scope(login, bob, register, settings):
    settings.EXPORT_SYNC_ROWS = 0
    client = login(bob)
    client.get(export_url(register))
    job = ExportJob.objects.get()
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    data = b"".join(client.get(reverse("exports:job-download", args=[job.pk])).streaming_content)
    assert [register.exported(row) for row in read_rows(data)] == expected(register, bob)
    assert job.progress == 3
    job.file.delete()
