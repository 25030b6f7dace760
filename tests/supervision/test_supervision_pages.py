"""Supervision pages as every persona: scoping, the office's forms, the bureau's updates, sign-off,
and list query counts that do not grow with the data."""

import datetime

import pytest
from django.urls import reverse

from bureaus.models import Bureau, Role
from tasks_registry import supervision
from tasks_registry.models import (
    Inspection,
    SupervisionItem,
    SupervisionStatus,
    SupervisionUpdate,
)
from tests.conftest import make_user

from .conftest import TODAY, pdf

pytestmark = pytest.mark.django_db

LIST = reverse("tasks_registry:supervision-list")


@pytest.fixture
def carol(db):
    """Staff of a bureau with no part in the finding."""
    return make_user("carol", Role.STAFF, Bureau.objects.get(code="finance"))


def test_staff_of_another_bureau_get_a_404(login, carol, finding, client):
    login(carol)
    assert client.get(finding.get_absolute_url()).status_code == 404
    assert client.post(finding.get_absolute_url(), {"text": "x"}).status_code == 404
    assert finding.title not in client.get(LIST).content.decode()


def test_lead_and_co_operating_staff_see_the_item(login, alice, bob, finding, client):
    for user in (alice, bob):
        login(user)
        assert client.get(finding.get_absolute_url()).status_code == 200
        assert finding.title in client.get(LIST).content.decode()


def test_anonymous_users_are_sent_to_log_in(client, finding):
    response = client.get(finding.get_absolute_url())
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_office_records_an_inspection_finding_on_the_page(login, office, market, client):
    login(office)
    url = reverse("tasks_registry:supervision-new-inspection")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "date": "2026-05-01",
            "bureau": market.pk,
            "inspectors": "张三、李四",
            "findings": "台账不全",
            "title": "补齐执法台账",
            "lead_bureau": market.pk,
            "deadline": "2026-06-30",
            "urgency": "urgent",
            "frequency": "weekly",
        },
    )
    item = SupervisionItem.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert item.source_record == Inspection.objects.get(inspectors="张三、李四")
    assert (item.urgency, item.frequency) == ("urgent", "weekly")


def test_the_form_reports_missing_fields(login, office, client):
    login(office)
    response = client.post(reverse("tasks_registry:supervision-new-meeting"), {"title": "x"})
    assert response.status_code == 400
    assert not SupervisionItem.objects.exists()


def test_staff_cannot_open_the_office_forms(login, alice, client):
    login(alice)
    assert client.get(reverse("tasks_registry:supervision-new-inspection")).status_code == 403


def test_the_bureau_reports_progress_with_evidence(login, alice, finding, client):
    login(alice)
    response = client.post(
        finding.get_absolute_url(),
        {"action": "update", "text": "已整改完毕", "reports_done": "on", "evidence": [pdf()]},
    )
    assert response.status_code == 302
    update = SupervisionUpdate.objects.get()
    finding.refresh_from_db()
    assert finding.status == SupervisionStatus.DONE
    evidence = update.evidence.get()
    page = client.get(finding.get_absolute_url()).content.decode()
    assert "已整改完毕" in page and "整改报告.pdf" in page
    download = client.get(reverse("reporting:evidence", args=[evidence.pk]))
    assert download.status_code == 200


def test_evidence_of_an_item_is_hidden_from_other_bureaus(login, alice, carol, finding, client):
    update = supervision.update_add(
        item=finding, user=alice, text="x", uploads=[(pdf(), "application/pdf")]
    )
    evidence = update.evidence.get()
    login(carol)
    assert client.get(reverse("reporting:evidence", args=[evidence.pk])).status_code == 404


def test_a_file_that_is_not_evidence_is_refused(login, alice, finding, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(alice)
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(
        finding.get_absolute_url(), {"action": "update", "text": "x", "evidence": [fake]}
    )
    assert response.status_code == 400
    assert not SupervisionUpdate.objects.exists()


def test_the_office_signs_off_on_the_page(login, alice, office, finding, client):
    supervision.update_add(item=finding, user=alice, text="完成", reports_done=True)
    login(office)
    assert 'id="sign-off-box"' in client.get(finding.get_absolute_url()).content.decode()
    response = client.post(finding.get_absolute_url(), {"action": "sign_off", "comment": "同意"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.is_signed_off
    # Staff cannot sign off: the service refuses and the page answers 403.
    login(alice)
    assert client.post(finding.get_absolute_url(), {"action": "sign_off"}).status_code == 403


def test_the_list_filters_overdue_items(login, office, finding, client):
    SupervisionItem.objects.filter(pk=finding.pk).update(deadline=TODAY - datetime.timedelta(1))
    login(office)
    page = client.get(LIST + "?status=overdue").content.decode()
    assert finding.title in page and "table-danger" in page
    assert client.get(LIST + "?status=done").context["items"] == []


def test_the_bureau_is_told_of_its_overdue_items(login, bob, carol, finding, client):
    SupervisionItem.objects.filter(pk=finding.pk).update(deadline=TODAY - datetime.timedelta(3))
    login(bob)  # co-operating
    alert = client.get(LIST).context["overdue"]
    assert alert == [finding] and alert[0].days_overdue == 3
    assert 'id="overdue-alert"' in client.get(LIST).content.decode()
    login(carol)
    assert client.get(LIST).context["overdue"] == []


def test_the_lists_query_count_does_not_grow(
    login, office, market, science, alice, client, django_assert_max_num_queries
):
    def add(n):
        for i in range(n):
            supervision.meeting_decision_record(
                user=office,
                date=TODAY,
                meeting_title="会议",
                attendees="x",
                decisions="x",
                title=f"决定 {i}",
                lead_bureau=market,
                cooperating=[science],
                deadline=TODAY,
            )

    add(2)
    for user in (office, alice):
        login(user)
        with django_assert_max_num_queries(50) as few:
            client.get(LIST)
        add(6)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(LIST)
        assert response.content.decode().count('class="supervision-row') >= 8
