"""A published circular is immutable everywhere (page, admin, code); every change before
publication, and the publication itself, keeps a history row and writes an audit event."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent, Event
from reports import circular
from reports.models import Circular, PublishedCircularError
from targets.models import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def q2(records):
    return Period.objects.get(year=2025, quarter=2)


@pytest.fixture
def published(office, q2):
    item = circular.circular_draft(period=q2, user=office, today=datetime.date(2025, 7, 20))
    return circular.circular_publish(circular=item, user=office)


def test_the_office_cannot_rewrite_or_delete_a_published_circular_in_the_admin(
    login, office, published
):
    client = login(office)
    change = reverse("admin:reports_circular_change", args=[published.pk])
    assert client.get(change).status_code == 200  # shown, read-only
    client.post(
        change, {"title": "改写的标题", "body": "改写的正文", "period": published.period_id}
    )
    delete = reverse("admin:reports_circular_delete", args=[published.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(
        reverse("admin:reports_circular_changelist"),
        {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
    )
    kept = Circular.objects.get(pk=published.pk)
    assert (kept.title, kept.body) == (published.title, published.body)


def test_the_admin_throws_a_draft_away_and_it_is_audited(login, office, q2):
    draft = circular.circular_draft(period=q2, user=office, today=datetime.date(2025, 7, 20))
    response = login(office).post(
        reverse("admin:reports_circular_delete", args=[draft.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Circular.objects.filter(pk=draft.pk).exists()
    assert AuditEvent.objects.filter(
        event=Event.DELETE, object_type="reports.circular", object_id=str(draft.pk), user=office
    ).exists()


def test_no_code_path_rewrites_or_deletes_a_published_circular(published):
    published.body = "改写"
    with pytest.raises(PublishedCircularError):
        published.save()
    with pytest.raises(PublishedCircularError):
        published.delete()
    with pytest.raises(PublishedCircularError):
        Circular.objects.filter(pk=published.pk).update(body="改写")
    with pytest.raises(PublishedCircularError):
        Circular.objects.filter(pk=published.pk).delete()


def test_every_change_and_the_publication_keep_history_and_an_audit_event(login, office, q2):
    client = login(office)
    client.post(reverse("assessment:circular-list"), {"period": "2025Q2"})
    item = Circular.objects.get()
    first_body = item.body
    client.post(
        item.get_absolute_url(), {"title": "第二季度通报", "body": "初稿", "action": "save"}
    )
    client.post(
        item.get_absolute_url(), {"title": "第二季度通报", "body": "定稿", "action": "publish"}
    )
    rows = item.history.order_by("history_id")
    assert [(r.body, r.state, r.history_user) for r in rows] == [
        (first_body, "draft", office),
        ("初稿", "draft", office),
        ("定稿", "draft", office),
        ("定稿", "published", office),
    ]
    events = AuditEvent.objects.filter(object_type="reports.circular").order_by("id")
    assert [(e.event, e.user) for e in events] == [
        (Event.CIRCULAR_DRAFT, office),
        (Event.CIRCULAR_EDIT, office),
        (Event.CIRCULAR_EDIT, office),
        (Event.CIRCULAR_PUBLISH, office),
    ]
    assert events[1].detail["old"]["body"] == first_body
    assert events[1].detail["new"]["body"] == "初稿"
    assert events[3].detail["body"] == "定稿"
