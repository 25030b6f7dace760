from django.db import migrations

from finance.clusters import seed_clusters


def forwards(apps, schema_editor):
    seed_clusters(apps.get_model("finance", "IndustryCluster"))


class Migration(migrations.Migration):
    dependencies = [
        ("finance", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
