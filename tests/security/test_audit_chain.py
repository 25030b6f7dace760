"""The audit log's HMAC-SM3 chain (密评): a changed or removed event is found, with the first
broken link, by `verify_audit_log` and on the auditor's page; the retention purge keeps the chain
verifiable; on PostgreSQL a trigger refuses UPDATE and DELETE outright."""

import datetime
import threading

import pytest
from cryptography.hazmat.primitives import hashes, hmac
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

import audit
from audit import chain
from audit.models import AuditChainAnchor, AuditEvent, Event
from audit.tasks import purge_old_events
from tests.security.test_audit_log import make_event_aged

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="the trigger exists on PostgreSQL only"
)


def three_events(alice) -> list[AuditEvent]:
    return [audit.record(Event.EXPORT, user=alice, detail={"n": n}) for n in (1, 2, 3)]


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_each_event_carries_an_hmac_sm3_of_its_content_chained_to_the_one_before(settings, alice):
    first, second, _third = three_events(alice)
    assert second.prev_mac == first.mac
    # Computed again here with cryptography's HMAC-SM3 over the documented payload.
    digest = hmac.HMAC(settings.AUDIT_HMAC_KEY.encode(), hashes.SM3())
    digest.update(chain_payload(second).encode())
    assert second.mac == digest.finalize().hex()
    assert chain.verify() is None
    call_command("verify_audit_log")


def chain_payload(event: AuditEvent) -> str:
    import json

    stored = AuditEvent.objects.get(pk=event.pk)
    values = [
        stored.prev_mac,
        stored.at.astimezone(datetime.UTC).isoformat(),
        stored.user_id,
        stored.username,
        stored.ip,
        stored.event,
        stored.object_type,
        stored.object_id,
        stored.object_repr,
        stored.outcome,
        stored.detail,
    ]
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@pytest.mark.skipif("connection.vendor == 'postgresql'", reason="the trigger refuses it there")
def test_a_row_changed_with_raw_sql_is_found(login, auditor, alice):
    _first, second, _third = three_events(alice)
    raw("UPDATE audit_auditevent SET username = %s WHERE id = %s", ["mallory", second.pk])
    broken = chain.verify()
    assert (broken.event_id, broken.reason) == (second.pk, str(chain.CHANGED))
    with pytest.raises(CommandError, match=f"event {second.pk}"):
        call_command("verify_audit_log")
    page = login(auditor).get("/audit/", {"verify": "1"}).content.decode()
    assert f"event {second.pk}" in page or f"事件 {second.pk}" in page


def test_the_auditors_page_reports_an_intact_chain_on_request(login, auditor):
    client = login(auditor)
    assert 'href="?verify=1"' in client.get("/audit/").content.decode()
    page = client.get("/audit/", {"verify": "1"}).content.decode()
    assert 'class="alert alert-success py-2" id="audit-chain"' in page


@pytest.mark.skipif("connection.vendor == 'postgresql'", reason="the trigger refuses it there")
def test_a_deleted_middle_row_is_found(alice):
    _first, second, third = three_events(alice)
    raw("DELETE FROM audit_auditevent WHERE id = %s", [second.pk])
    broken = chain.verify()
    assert (broken.event_id, broken.reason) == (third.pk, str(chain.LINK))


def test_the_purge_keeps_the_chain_valid_from_the_first_remaining_event(settings):
    settings.AUDIT_RETENTION_DAYS = 180
    gone = [make_event_aged(days) for days in (400, 200)]
    assert gone[0].prev_mac == chain.GENESIS  # the first event ever written
    kept = [make_event_aged(days) for days in (100, 1)]
    assert purge_old_events() == 2
    assert not AuditEvent.objects.filter(pk__in=[e.pk for e in gone]).exists()
    anchor = AuditChainAnchor.objects.get()
    assert anchor.prev_mac == gone[-1].mac
    assert AuditEvent.objects.order_by("id").first().pk == kept[0].pk
    assert chain.verify() is None  # the purge event itself chains on too
    call_command("verify_audit_log")


@pytest.mark.skipif("connection.vendor == 'postgresql'", reason="the trigger refuses it there")
def test_removing_the_first_remaining_event_after_a_purge_is_found():
    make_event_aged(200)
    first_kept, second_kept = make_event_aged(100), make_event_aged(1)
    purge_old_events()
    raw("DELETE FROM audit_auditevent WHERE id = %s", [first_kept.pk])
    assert chain.verify().event_id == second_kept.pk


def test_a_moved_anchor_is_found():
    make_event_aged(200)
    make_event_aged(1)
    purge_old_events()
    AuditChainAnchor.objects.update(purged_before=timezone.now())
    broken = chain.verify()
    assert (broken.event_id, broken.reason) == (None, str(chain.ANCHOR))


@postgresql_only
def test_the_trigger_refuses_update_and_delete_on_postgresql(alice):
    _first, second, _third = three_events(alice)
    for sql in (
        "UPDATE audit_auditevent SET username = 'mallory' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw(sql, [second.pk])
    assert AuditEvent.objects.get(pk=second.pk).username == "alice"


@postgresql_only
def test_the_trigger_refuses_deleting_a_young_event_even_in_the_purge_mode(alice):
    event = audit.record(Event.EXPORT, user=alice)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("SELECT set_config('ipcity.audit_purge', 'on', true)", [])
        raw("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


@postgresql_only
def test_a_superuser_who_disables_the_trigger_is_still_found(alice):
    """The test database's owner is a superuser, as a rogue DBA would be."""
    _first, second, _third = three_events(alice)
    raw("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only", [])
    try:
        raw("UPDATE audit_auditevent SET username = 'mallory' WHERE id = %s", [second.pk])
    finally:
        raw("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only", [])
    assert chain.verify().event_id == second.pk


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain(alice):
    """Writers in parallel transactions: each waits for the one before, so the chain stays one."""
    errors = []

    def write(n):
        try:
            for _ in range(10):
                audit.record(Event.EXPORT, user=alice, detail={"writer": n})
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.filter(event=Event.EXPORT).count() == 40
    assert chain.verify() is None
