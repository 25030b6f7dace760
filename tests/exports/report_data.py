"""Shared fixtures of the report and export tests: figures of two targets computed into Progress
rows, a key-task report, private media in a temporary folder, today pinned."""

import datetime
import subprocess

import pytest

from bureaus.models import Bureau
from targets.models import Indicator
from tasks_registry.models import KeyTask, OwnershipRole, TaskReport, TaskStatus
from tests.targets.factories import compute, figure, period
from workflow.models import SubmissionState

TODAY = datetime.date(2026, 10, 20)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def pinned_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    return TODAY


@pytest.fixture
def report_data(db, media, pinned_today):
    patents = Indicator.objects.get(code="2.1")
    trademarks = Indicator.objects.get(code="2.4")
    for (year, quarter), value in {(2025, 4): 700, (2026, 1): 740, (2026, 2): 780}.items():
        figure(patents, year, quarter, value)
    figure(patents, 2026, 3, "812.5")
    for quarter, value in {1: 17000, 2: 17500, 3: 18000}.items():
        figure(trademarks, 2026, quarter, value)
    task = KeyTask.objects.get(number=1)
    lead = task.ownerships.get(role=OwnershipRole.LEAD).bureau
    TaskReport.objects.create(
        task=task,
        bureau=lead,
        period=period(2026, 3),
        status=TaskStatus.DELAYED,
        percent_complete=40,
        work_done="联席会议制度已建立",
        problems="案件会商机制尚未运行",
        state=SubmissionState.SUBMITTED,
    )
    run = compute(today=TODAY)
    return {"patents": patents, "trademarks": trademarks, "task": task, "lead": lead, "run": run}


def pdf_text(data: bytes, *, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def pdf_pages(data: bytes) -> int:
    out = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout
    line = next(x for x in out.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def squeeze(text: str) -> str:
    """Text without white space: a table cell's words may wrap onto several lines."""
    return "".join(text.split())


def bureau(code: str) -> Bureau:
    return Bureau.objects.get(code=code)
