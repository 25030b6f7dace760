"""Every security event writes one append-only AuditEvent: time with time zone, user, client IP,
event, object, outcome."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import audit
from audit.models import AppendOnlyError, AuditEvent, Event, Outcome
from audit.tasks import purge_old_events
from bureaus.models import Bureau, BureauKind, Role
from tests.conftest import PASSWORD
from workflow.services import transition

from .conftest import logged_in

pytestmark = pytest.mark.django_db

PROXY, CLIENT = "10.0.0.2", "203.0.113.7"


def events(event, **filters):
    return AuditEvent.objects.filter(event=event, **filters)


def test_it_records_a_login_with_time_zone_user_and_client_ip(settings, alice):
    settings.TRUSTED_PROXIES = [PROXY]
    logged_in(alice, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    event = events(Event.LOGIN).get()
    assert (event.user, event.username, event.ip, event.outcome) == (
        alice,
        "alice",
        CLIENT,
        Outcome.SUCCESS,
    )
    assert event.at.tzinfo is not None
    assert abs(timezone.now() - event.at) < datetime.timedelta(minutes=1)


def test_it_records_a_failed_login_and_a_logout(alice):
    Client().post("/accounts/login/", {"username": "alice", "password": "nope"})
    failed = events(Event.LOGIN_FAILED).get()
    assert (failed.username, failed.user, failed.outcome) == ("alice", None, Outcome.FAILURE)
    client = logged_in(alice)
    client.post(reverse("logout"))
    assert events(Event.LOGOUT, user=alice).get().detail == {"reason": "user"}


def test_it_records_role_activation_and_group_changes_with_old_and_new(login, admin_user, alice):
    admin_client = login(admin_user)
    data = {
        "username": "alice",
        "first_name": "alice",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "bureau": alice.bureau_id,
        "role": Role.OFFICE,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    response = admin_client.post(f"/admin/bureaus/user/{alice.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    change = events(Event.ROLE_CHANGE, object_id=str(alice.pk), detail__has_key="old")
    event = change.get()
    assert event.user == admin_user
    assert event.detail == {"old": {"role": "staff"}, "new": {"role": "office"}}
    alice.refresh_from_db()
    alice.is_active = False
    alice.save()
    assert events(Event.ROLE_CHANGE, detail__new={"is_active": False}).exists()
    alice.groups.add(Group.objects.create(name="reviewers"))
    assert events(Event.ROLE_CHANGE, detail__action="add").exists()


def test_it_does_not_record_the_last_login_update(alice):
    before = events(Event.ROLE_CHANGE).count()
    logged_in(alice)
    assert events(Event.ROLE_CHANGE).count() == before


def test_it_records_the_figures_template_download(login, alice, q3):
    assert login(alice).get(reverse("reporting:figures-template", args=[q3])).status_code == 200
    event = events(Event.EXPORT, user=alice).get()
    assert event.detail["file"].startswith("figures-")


def test_it_records_approve_return_and_reopen_but_not_submit(alice, office, draft_figure):
    transition(draft_figure, "submit", user=alice)
    transition(draft_figure, "return", user=office, comment="请补充")
    transition(draft_figure, "submit", user=alice)
    transition(draft_figure, "approve", user=office)
    transition(draft_figure, "reopen", user=office, comment="数据有误")
    recorded = list(
        AuditEvent.objects.filter(object_id=str(draft_figure.pk), object_type="targets.figure")
        .order_by("id")
        .values_list("event", "username")
    )
    assert recorded == [
        (Event.RETURN, "office"),
        (Event.APPROVE, "office"),
        (Event.REOPEN, "office"),
    ]
    assert events(Event.RETURN).get().detail["comment"] == "请补充"


def test_it_records_a_deletion_through_the_admin(login, admin_user):
    bureau = Bureau.objects.create(code="temp", name="临时单位", kind=BureauKind.TOWN)
    response = login(admin_user).post(f"/admin/bureaus/bureau/{bureau.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    event = events(Event.DELETE).get()
    assert (event.object_type, event.object_repr, event.user) == (
        "bureaus.bureau",
        "临时单位",
        admin_user,
    )


def test_it_refuses_to_change_or_delete_events(alice):
    event = audit.record(Event.EXPORT, user=alice)
    event.outcome = Outcome.FAILURE
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(outcome=Outcome.FAILURE)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).outcome == Outcome.SUCCESS


def test_it_keeps_events_out_of_the_admin_even_for_the_administrator(login, admin_user, alice):
    """三员分立: the administrator does not read the security log (which records their own
    actions); the auditor reads it at /audit/."""
    event = audit.record(Event.EXPORT, user=alice)
    client = login(admin_user)
    assert client.get("/admin/audit/auditevent/").status_code == 403  # the auditor's, at /audit/
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert (
        client.post(f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get(f"/admin/audit/auditevent/{event.pk}/change/").status_code == 403
    assert "auditevent" not in client.get("/admin/").content.decode()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_it_keeps_the_events_of_a_deleted_user(alice):
    audit.record(Event.EXPORT, user=alice)
    alice.delete()
    assert AuditEvent.objects.filter(username="alice", event=Event.EXPORT).exists()


def make_event_aged(days, user=None):
    """An event written `days` ago (the chain seals the time it is given). The purge removes the
    oldest run of events, so a test writes these before any persona (whose creation is an event)."""
    return AuditEvent.objects.create(
        event=Event.EXPORT,
        user=user,
        username="alice",
        at=timezone.now() - datetime.timedelta(days=days),
        detail={"age": days},
    )


def test_it_never_purges_events_younger_than_180_days(settings):
    settings.AUDIT_RETENTION_DAYS = 30  # too short: the legal minimum applies
    gone = make_event_aged(181)  # events are written oldest first
    kept = [make_event_aged(days) for days in (179, 100, 1)]
    assert purge_old_events() == 1
    assert not AuditEvent.objects.filter(pk=gone.pk).exists()
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in kept]).count() == 3
    assert events(Event.PURGE).get().detail["deleted"] == 1


def test_it_keeps_a_longer_retention(settings):
    settings.AUDIT_RETENTION_DAYS = 400
    event = make_event_aged(365)
    assert purge_old_events() == 0
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_it_purges_daily_from_beat(settings):
    entries = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "audit.tasks.purge_old_events" in entries


def test_it_never_stores_the_password_tried(alice):
    # The failed-login event never stores the password that was tried.
    Client().post("/accounts/login/", {"username": "alice", "password": PASSWORD + "x"})
    assert PASSWORD not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_it_records_every_kind_of_download_as_an_export(alice, office, q3, draft_figure):
    """Lists, reports and templates all leave through exports.downloads.as_download."""
    office_client, alice_client = Client(), Client()
    office_client.force_login(office)
    alice_client.force_login(alice)
    downloads = [
        (office_client, reverse("enforcement:case-export") + "?status=closed"),
        (alice_client, reverse("finance:import-template", args=["enterprises"])),
    ]
    for client, url in downloads:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "attachment" in response["Content-Disposition"]
        assert response["Cache-Control"] == "private, no-store"
    assert events(Event.EXPORT, user=office).get().detail["filters"] == {"status": "closed"}
    assert events(Event.EXPORT, user=alice).get().detail["file"] == "enterprises-template.xlsx"

    report = office_client.post(reverse("report:download", args=["2026Q3", "xlsx"]))
    assert report.status_code == 200
    stored = events(Event.EXPORT, user=office).exclude(detail__has_key="filters").get()
    assert stored.detail["file"] == "assessment-report-2026Q3.xlsx"
    again = office_client.get(reverse("report:stored", args=[stored.detail["report"]]))
    assert again.status_code == 200
    assert events(Event.EXPORT, user=office).count() == 3
