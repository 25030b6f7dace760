"""R4.5: with demo data loaded, every file the portal makes says 演示数据 — list exports and export
jobs, the Excel import templates, the audit log, reports and circulars. DOWNLOADS names every
route that hands a file out (through `exports.downloads.as_download`, the one exit); the first
test walks the URL resolver and fails on a file route missing from it, so a new download ships
with its mark checked."""

import inspect
import io

import pytest
from django.urls import get_resolver, reverse
from docx import Document
from openpyxl import load_workbook

from bureaus.models import Role
from core.demo import mark_demo_loaded
from exports.models import ExportJob, GeneratedReport
from exports.services import export_job_run
from reports.models import Circular
from tests.conftest import make_user
from tests.exports.report_data import pdf_text
from tests.security.test_access_matrix import walk
from tests.targets.factories import period

pytestmark = pytest.mark.django_db
MARK = "演示数据"
PERIOD = "2026Q3"

# Files users uploaded (evidence, a case step's attachment) are handed back as they came.
USER_FILES = {"reporting:evidence", "enforcement:attachment"}

# route name: [(who, method, URL arguments)], one line per file it makes
DOWNLOADS = {
    "exports:list": [
        ("office", "get", {"kind": "figures", "period": PERIOD}),
        ("office", "get", {"kind": "task_reports", "period": PERIOD}),
    ],
    "exports:job-download": [("office", "get", {"pk": "job"})],
    "tasks_registry:activity-export": [("office", "get", {})],
    "enforcement:case-export": [("office", "get", {})],
    "finance:enterprise-export": [("office", "get", {})],
    "finance:loan-export": [("office", "get", {})],
    "finance:insurance-export": [("office", "get", {})],
    "reporting:figures-template": [
        ("alice", "get", {"period": PERIOD}),
        ("office", "get", {"period": PERIOD}),
    ],
    "enforcement:case-template": [("alice", "get", {})],
    "finance:import-template": [
        ("alice", "get", {"kind": "enterprises"}),
        ("alice", "get", {"kind": "loans"}),
    ],
    "audit:export": [("auditor", "get", {})],
    "report:download": [
        ("office", "post", {"code": PERIOD, "fmt": "pdf"}),
        ("office", "post", {"code": PERIOD, "fmt": "xlsx"}),
    ],
    "report:stored": [("office", "get", {"pk": "stored"})],
    "report:circular-download": [
        ("office", "get", {"pk": "circular", "fmt": "docx"}),
        ("office", "get", {"pk": "circular", "fmt": "pdf"}),
    ],
}


def hands_out_files(view) -> bool:
    """Whether the view's code sends a file through as_download, itself or by a helper of its
    module (reports' `_serve`)."""
    module = inspect.getmodule(view)
    exits = {"as_download"} | {
        name
        for name, function in vars(module).items()
        if inspect.isfunction(function)
        and function.__module__ == module.__name__
        and "as_download(" in inspect.getsource(function)
    }
    source = inspect.getsource(view)
    return any(f"{name}(" in source for name in exits)


def file_routes() -> set[str]:
    found = set()
    for name, _route, pattern in walk(get_resolver()):
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and hands_out_files(view):
            found.add(name)
    return found


def test_every_route_that_hands_out_a_file_is_checked():
    assert file_routes() == set(DOWNLOADS) | USER_FILES


def content(response) -> bytes:
    assert response.status_code == 200, response
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content) if response.streaming else response.content


def marked(data: bytes, kind: str) -> bool:
    if kind == "application/pdf":
        return pdf_text(data).split()[0] == MARK
    if kind.endswith("wordprocessingml.document"):
        return Document(io.BytesIO(data)).paragraphs[0].text == MARK
    sheets = load_workbook(io.BytesIO(data)).worksheets
    return all(sheet.oddHeader.center.text == MARK for sheet in sheets)


@pytest.fixture
def demo(settings, tmp_path, office):
    """Demo data loaded (what load_demo records), a quarter, a circular, a stored report and a
    finished export job."""
    settings.MEDIA_ROOT = tmp_path
    mark_demo_loaded()
    period(2026, 3)
    circular = Circular.objects.create(
        period=period(2026, 3), title="关于工作进展的通报", body="各成员单位：", created_by=office
    )
    job = ExportJob.objects.create(kind="figures", params={"period": PERIOD}, created_by=office)
    export_job_run(job_id=job.pk)
    return {"circular": circular.pk, "job": job.pk}


def test_every_file_says_demo_data(client, demo, office, alice):
    users = {"office": office, "alice": alice, "auditor": make_user("aud", Role.AUDITOR, None)}
    client.force_login(office)
    client.post(reverse("report:download", args=[PERIOD, "pdf"]))  # stored for re-download
    demo["stored"] = GeneratedReport.objects.latest("pk").pk
    unmarked = []
    for route, lines in DOWNLOADS.items():
        for who, method, arguments in lines:
            kwargs = {key: demo.get(value, value) for key, value in arguments.items()}
            client.force_login(users[who])
            response = getattr(client, method)(reverse(route, kwargs=kwargs))
            if not marked(content(response), response["Content-Type"]):
                unmarked.append(f"{route} {kwargs}")
    assert unmarked == []
