"""Seal the enterprises' contacts already in the register (and in its history)."""

from django.db import migrations

from crypto.backfill import decrypt_columns, encrypt_columns

TABLES = (("finance_enterprise", "id"), ("finance_historicalenterprise", "history_id"))
COLUMNS = {"contact": None}


def forwards(apps, schema_editor):
    for table, key in TABLES:
        encrypt_columns(schema_editor, table, key, COLUMNS)


def backwards(apps, schema_editor):
    for table, key in TABLES:
        decrypt_columns(schema_editor, table, key, COLUMNS)


class Migration(migrations.Migration):
    dependencies = [("finance", "0004_contact_encrypted_at_rest")]

    operations = [migrations.RunPython(forwards, backwards)]
