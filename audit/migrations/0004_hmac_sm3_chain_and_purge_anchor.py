"""Chain the audit log with HMAC-SM3 (audit/chain.py): the MAC fields, the events already written
sealed in id order, the purge anchor, and on PostgreSQL a trigger refusing UPDATE and DELETE
(except the retention purge's own deletion of events older than the legal 180 days)."""

from django.db import migrations, models

TRIGGER = """
CREATE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND current_setting('ipcity.audit_purge', true) = 'on'
       AND OLD.at < now() - interval '180 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
"""
DROP_TRIGGER = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_append_only();
"""


def seal_existing(apps, schema_editor):
    """The events written before the chain, sealed in id order (a plain UPDATE: no trigger yet)."""
    from audit import chain

    AuditEvent = apps.get_model("audit", "AuditEvent")
    prev = chain.GENESIS
    for event in AuditEvent.objects.using(schema_editor.connection.alias).order_by("id"):
        event.detail = chain.plain_detail(event.detail)
        values = {name: getattr(event, name) for name in chain.SEALED}
        event.prev_mac, event.mac = prev, chain.event_mac(values, prev)
        AuditEvent.objects.filter(pk=event.pk).update(
            detail=event.detail, prev_mac=event.prev_mac, mac=event.mac
        )
        prev = event.mac


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_circular_refusal_and_password_events")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="prev_mac",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="previous event's MAC"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="mac",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="MAC (HMAC-SM3)"
            ),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="AuditChainAnchor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "prev_mac",
                    models.CharField(max_length=64, verbose_name="MAC the first kept event chains to"),
                ),
                ("purged_before", models.DateTimeField(verbose_name="events purged before")),
                ("mac", models.CharField(max_length=64, verbose_name="MAC (HMAC-SM3)")),
            ],
            options={
                "verbose_name": "audit chain anchor",
                "verbose_name_plural": "audit chain anchors",
                "default_permissions": (),
            },
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
