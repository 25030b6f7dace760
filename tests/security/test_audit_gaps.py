"""Security events that were missing from the log (MLPS 8.1.4.3 a): access refusals (403/404
probing, one event per client per minute with the refusals in between counted), a wrong current
password, the administrator deleting lockout or login records, stored reports or export jobs."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent, Event, Outcome
from exports.models import ExportJob, GeneratedReport, JobStatus
from tests.conftest import PASSWORD

from .conftest import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_refusal_windows():
    cache.clear()


def refusals():
    return AuditEvent.objects.filter(event=Event.ACCESS_DENIED).order_by("id")


def test_it_records_another_bureaus_404_and_a_refused_page(login, alice, bob, office):
    client = login(bob)
    assert client.get("/finance/enterprises/999999/").status_code == 404
    event = refusals().get()
    assert (event.user, event.outcome) == (bob, Outcome.FAILURE)
    assert event.detail["status"] == 404 and event.detail["path"] == "/finance/enterprises/999999/"
    assert login(alice).get("/audit/").status_code == 403
    assert refusals().last().user == alice and refusals().last().detail["status"] == 403


def test_it_records_probing_once_a_minute_and_counts_the_rest(login, bob):
    client = login(bob)
    for n in range(12):
        assert client.get(f"/finance/loans/{900000 + n}/").status_code == 404
    assert refusals().count() == 1
    cache.delete(f"audit-refusal:127.0.0.1:{bob.pk}")  # the minute is over
    client.get("/finance/loans/999999/")
    assert [e.detail["refused_since_last_event"] for e in refusals()] == [0, 11]


def test_it_records_an_anonymous_api_refusal(db):
    assert Client().get("/api/v1/figures/").status_code in (401, 403)
    event = refusals().get()
    assert event.user is None and event.detail["path"] == "/api/v1/figures/"


def test_it_records_a_wrong_current_password_on_the_change_page(alice):
    client = logged_in(alice)
    new = "Nouveau@2026x"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD + "x", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200 and response.context["form"].errors["old_password"]
    event = AuditEvent.objects.get(event=Event.PASSWORD_WRONG)
    assert (event.user, event.outcome, event.ip) == (alice, Outcome.FAILURE, "127.0.0.1")
    assert PASSWORD not in str(event.detail)


def test_it_records_the_security_administrator_deleting_lockout_records(login, security_admin):
    attempt = AccessAttempt.objects.create(
        username="bob", ip_address="10.0.0.1", failures_since_start=5
    )
    client = login(security_admin)
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    event = AuditEvent.objects.get(event=Event.DELETE, object_type="axes.accessattempt")
    assert (event.user, event.object_id) == (security_admin, str(attempt.pk))
    others = [
        AccessAttempt.objects.create(username=name, ip_address="10.0.0.2", failures_since_start=1)
        for name in ("carol", "dave")
    ]
    client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [a.pk for a in others], "post": "yes"},
    )
    deleted = AuditEvent.objects.filter(event=Event.DELETE, object_type="axes.accessattempt")
    assert deleted.count() == 3


def test_a_login_that_clears_axes_records_writes_no_deletion(alice):
    AccessAttempt.objects.create(username="alice", ip_address="127.0.0.1", failures_since_start=1)
    logged_in(alice)
    assert not AuditEvent.objects.filter(event=Event.DELETE).exists()


def test_it_records_the_administrator_deleting_a_stored_report_or_an_export_job(
    login, admin_user, office, alice
):
    report = GeneratedReport(
        kind="quarterly", period_code="2026Q3", format="pdf", created_by=office, filename="报告.pdf"
    )
    report.file.save("report.pdf", ContentFile(b"%PDF-1.4"), save=False)
    report.save()
    job = ExportJob(kind="figures", params={}, created_by=alice, status=JobStatus.DONE)
    job.save()
    client = login(admin_user)
    for obj, name in ((report, "generatedreport"), (job, "exportjob")):
        url = reverse(f"admin:exports_{name}_delete", args=[obj.pk])
        assert client.post(url, {"post": "yes"}).status_code == 302
        event = AuditEvent.objects.get(event=Event.DELETE, object_type=f"exports.{name}")
        assert (event.user, event.object_id) == (admin_user, str(obj.pk))
