"""Seal the respondents' names already in the register (and in its history), and index them."""

from django.db import migrations

from crypto.backfill import decrypt_columns, encrypt_columns

TABLES = (("enforcement_case", "id"), ("enforcement_historicalcase", "history_id"))
COLUMNS = {"respondent_name": "respondent_name_index"}


def forwards(apps, schema_editor):
    for table, key in TABLES:
        encrypt_columns(schema_editor, table, key, COLUMNS)


def backwards(apps, schema_editor):
    for table, key in TABLES:
        decrypt_columns(schema_editor, table, key, COLUMNS)


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0003_respondent_encrypted_at_rest")]

    operations = [migrations.RunPython(forwards, backwards)]
