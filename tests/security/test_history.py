"""Change history (django-simple-history): every change of a figure keeps the user and the old
and new values, whichever way it was made: the page, the API, the Excel import, the admin."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from targets.models import Figure
from tests.workflow.test_excel import as_upload, confirm, download, fill, preview
from tests.workflow.test_pages import post_figure

pytestmark = pytest.mark.django_db


def last_change(figure: Figure):
    """The newest history row and what it changed against the one before."""
    new, old = figure.history.order_by("-history_id")[:2]
    return new, {c.field: (c.old, c.new) for c in new.diff_against(old).changes}


def test_it_keeps_a_change_on_the_page_with_the_user(login, alice, draft_figure):
    response = post_figure(login(alice), version=draft_figure.version, value="812")
    assert response.status_code == 302
    row, changes = last_change(draft_figure)
    assert row.history_user == alice and row.history_type == "~"
    assert changes["value"] == (Decimal("800"), Decimal("812"))


def test_it_keeps_a_change_through_the_api_with_the_user(alice, draft_figure):
    client = APIClient()
    client.force_authenticate(alice)
    response = client.patch(
        f"/api/v1/figures/{draft_figure.pk}/",
        {"value": "815", "version": draft_figure.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    row, changes = last_change(draft_figure)
    assert row.history_user == alice
    assert changes["value"] == (Decimal("800"), Decimal("815"))


def test_it_keeps_a_change_by_excel_import_with_the_user(login, alice, q3, draft_figure):
    client = login(alice)
    workbook = fill(download(client, q3), **{"2_1": 900})
    response = confirm(client, q3, preview(client, q3, as_upload(workbook)))
    assert response.status_code == 302
    row, changes = last_change(draft_figure)
    assert row.history_user == alice
    assert changes["value"] == (Decimal("800"), Decimal("900"))


def test_it_keeps_a_transition_on_the_page_with_the_user(login, alice, draft_figure):
    response = post_figure(login(alice), version=draft_figure.version, action="submit")
    assert response.status_code == 302
    row, changes = last_change(draft_figure)
    assert row.history_user == alice
    assert changes["state"] == ("draft", "submitted")


def test_it_keeps_a_task_report_change_with_the_user(login, alice, q3):
    url = reverse("reporting:task-report", args=["2026Q3", 1, "market"])
    data = {
        "status": "on_track",
        "percent_complete": "40",
        "work_done": "召开联席会议",
        "problems": "",
        "next_steps": "",
        "version": "1",
        "action": "save",
    }
    client = login(alice)
    assert client.post(url, data).status_code == 302
    report = alice.bureau.task_reports.get()
    changed = {**data, "percent_complete": "60", "version": str(report.version)}
    assert client.post(url, changed).status_code == 302
    row, changes = last_change(report)
    assert row.history_user == alice
    assert changes["percent_complete"] == (40, 60)
