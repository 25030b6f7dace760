"""What a read-only reporting page says: words, never stored codes."""

from django.urls import reverse

from tasks_registry.models import TaskStatus
from workflow.models import SubmissionState


def test_it_shows_the_progress_status_label_on_a_read_only_task_report(login, office, task_report):
    task_report.status = TaskStatus.ON_TRACK
    task_report.state = SubmissionState.APPROVED
    task_report.save()
    url = reverse("reporting:task-report", args=["2026Q3", 1, "market"])
    html = login(office).get(url).content.decode()
    assert "进展正常" in html
    assert "on_track" not in html
