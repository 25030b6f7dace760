"""Two tabs open the same never-saved task report: the first save creates it, the second is
refused as stale (R10.1's message, the input kept), never silently written over the first."""

import re

import pytest
from django.urls import reverse

from core.versioning import STALE
from tasks_registry.models import KeyTask, TaskReport
from workflow.services import WorkflowError, save_draft

pytestmark = pytest.mark.django_db

URL = reverse("reporting:task-report", args=["2026Q3", 1, "market"])


def opened(client) -> str:
    """The version the page's form carries."""
    html = client.get(URL).content.decode()
    return re.search(r'name="version" value="(\d*)"', html).group(1)


def report_data(version, work_done):
    return {
        "status": "on_track",
        "percent_complete": "60",
        "work_done": work_done,
        "problems": "",
        "next_steps": "",
        "version": version,
        "action": "save",
    }


def test_the_second_tab_does_not_overwrite_the_first(login, alice, q3):
    first, second = login(alice), login(alice)
    first_version, second_version = opened(first), opened(second)
    assert first.post(URL, report_data(first_version, "召开联席会议")).status_code == 302
    refused = second.post(URL, report_data(second_version, "制定考核办法"))
    assert refused.status_code == 409
    assert str(STALE) in refused.content.decode() and "制定考核办法" in refused.content.decode()
    assert TaskReport.objects.get().work_done == "召开联席会议"
    # Reloaded, the second tab saves on top of the first, knowingly.
    assert second.post(URL, report_data(opened(second), "制定考核办法")).status_code == 302
    assert TaskReport.objects.get().work_done == "制定考核办法"


def test_a_create_that_lost_the_race_is_refused_as_stale(alice, q3):
    """Both requests found no report and both create: the second is a stale save, not a 500."""
    task = KeyTask.objects.get(number=1)
    save_draft(TaskReport(task=task, bureau=alice.bureau, period=q3), user=alice, data={})
    late = TaskReport(task=task, bureau=alice.bureau, period=q3)
    with pytest.raises(WorkflowError) as refused:
        save_draft(late, user=alice, data={"work_done": "制定考核办法"}, version=0)
    assert refused.value.code == "stale"
    assert TaskReport.objects.get().work_done == ""
