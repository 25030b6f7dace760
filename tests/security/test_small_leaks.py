"""Small leaks: a polyglot upload served under its detected type's suffix, an off-site `next`,
cached private pages, no Permissions-Policy, a persistent session cookie, and reports rendered
without limit by a read-only role."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exports.models import GeneratedReport
from tests.exports.report_data import media, pinned_today, report_data  # noqa: F401
from tests.workflow.conftest import draft_figure, patents, q3  # noqa: F401
from workflow.models import Evidence
from workflow.services import transition

pytestmark = pytest.mark.django_db
# ruff: noqa: F811

FIGURE = reverse("reporting:figure", args=["2026Q3", "2.1", "market"])
POLYGLOT = b"%PDF-1.4\n<html><script>alert(document.cookie)</script></html>\n%%EOF\n"


def test_a_pdf_named_html_is_served_as_pdf(login, alice, draft_figure):
    client = login(alice)
    upload = SimpleUploadedFile("report.html", POLYGLOT, "text/html")
    data = {"value": "800", "note": "", "explanation": "", "version": draft_figure.version}
    response = client.post(FIGURE, {**data, "action": "save", "evidence": upload})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    response = client.get(reverse("reporting:evidence", args=[evidence.pk]))
    disposition = response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert "report.pdf" in disposition and ".html" not in disposition


def test_an_approval_does_not_send_the_office_off_site(login, alice, office, draft_figure):
    transition(draft_figure, "submit", user=alice)
    response = login(office).post(
        FIGURE,
        {"action": "approve", "version": draft_figure.version, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == FIGURE


def test_an_approval_keeps_a_next_page_on_the_site(login, alice, office, draft_figure):
    transition(draft_figure, "submit", user=alice)
    review = reverse("reporting:review")
    response = login(office).post(
        FIGURE, {"action": "approve", "version": draft_figure.version, "next": review}
    )
    assert response["Location"] == review


def test_a_page_for_a_logged_in_user_is_not_stored_and_features_are_refused(client, login, alice):
    response = login(alice).get(reverse("reporting:todo"))
    assert "no-store" in response["Cache-Control"]
    assert "camera=()" in response["Permissions-Policy"]
    response = client.get(reverse("login"))
    assert "camera=()" in response["Permissions-Policy"]


def test_the_session_cookie_ends_with_the_browser(client, alice):
    from tests.conftest import PASSWORD

    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie.value and not cookie["max-age"] and not cookie["expires"]


def test_a_leader_gets_the_kept_copy_instead_of_a_new_one(login, leader, report_data):
    client = login(leader)
    url = reverse("report:download", args=["2026Q3", "xlsx"])
    first = b"".join(client.post(url).streaming_content)
    second = b"".join(client.post(url).streaming_content)
    assert first == second
    assert GeneratedReport.objects.count() == 1


def test_a_leader_is_limited_to_the_reports_per_hour(settings, login, leader, office, report_data):
    settings.REPORTS_PER_HOUR = 1
    client = login(leader)
    assert client.post(reverse("report:download", args=["2026Q3", "xlsx"])).status_code == 200
    refused = client.post(reverse("report:download", args=["2026", "xlsx"]))
    assert refused.status_code == 429
    assert "1" in refused.content.decode()
    # The office issues reports: each generation is kept, without limit.
    office_client = login(office)
    for _ in range(2):
        assert office_client.post(reverse("report:download", args=["2026", "xlsx"])).status_code
    assert GeneratedReport.objects.filter(created_by=office).count() == 2
