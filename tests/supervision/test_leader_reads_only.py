"""Leaders read everything and write instructions, but change no data."""

import pytest
from django.urls import reverse

from tasks_registry import activities, supervision
from tasks_registry.models import Activity, SupervisionItem, SupervisionUpdate
from workflow.services import WorkflowError

from .conftest import activity, pdf

pytestmark = pytest.mark.django_db


def test_a_leader_cannot_write_through_any_page(login, leader, finding, alice, client):
    record = activity(alice.bureau, alice)
    login(leader)
    forbidden = [
        (reverse("tasks_registry:supervision-new-inspection"), {}),
        (reverse("tasks_registry:supervision-new-meeting"), {}),
        (finding.get_absolute_url(), {"action": "update", "text": "x"}),
        (finding.get_absolute_url(), {"action": "sign_off"}),
        (reverse("tasks_registry:activity-new"), {"title": "x"}),
        (reverse("tasks_registry:activity-edit", args=[record.pk]), {"action": "delete"}),
        (reverse("assessment:assessment-bureau", args=[2026, "market"]), {"points": "5"}),
        (reverse("assessment:circular-list"), {"period": "2026Q1"}),
    ]
    for url, data in forbidden:
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("tasks_registry:supervision-new-inspection")).status_code == 403
    assert client.get(reverse("tasks_registry:activity-new")).status_code == 403
    assert client.get("/admin/").status_code == 302  # not staff: sent to the admin's login
    assert Activity.objects.filter(pk=record.pk).exists()
    assert SupervisionItem.objects.count() == 1 and not SupervisionUpdate.objects.exists()


def test_a_leader_reads_the_pages(login, leader, finding, client):
    login(leader)
    for url in [
        reverse("tasks_registry:supervision-list"),
        finding.get_absolute_url(),
        reverse("tasks_registry:activity-list"),
        reverse("tasks_registry:instructions"),
        reverse("assessment:assessment"),
        reverse("assessment:circular-list"),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(finding.get_absolute_url()).content.decode()
    assert 'id="update-form"' not in page and 'id="sign-off-box"' not in page


def test_the_services_refuse_a_leader(leader, finding, alice):
    record = activity(alice.bureau, alice)
    with pytest.raises(WorkflowError):
        supervision.update_add(item=finding, user=leader, text="x")
    with pytest.raises(WorkflowError):
        supervision.item_sign_off(item=finding, user=leader)
    with pytest.raises(WorkflowError):
        activities.activity_save(activity=record, user=leader, data={"title": "改"})
    with pytest.raises(WorkflowError):
        activities.activity_delete(activity=record, user=leader)
    with pytest.raises(WorkflowError):
        supervision.update_add(
            item=finding, user=leader, text="x", uploads=[(pdf(), "application/pdf")]
        )
