"""The issue's default assessment criteria (weights add up to 100 points); the office edits them."""

from decimal import Decimal

from django.db import migrations

from reports.assessment_defaults import DEFAULTS


def seed(apps, schema_editor):
    Criterion = apps.get_model("reports", "AssessmentCriterion")
    for order, (code, name, weight, target, description) in enumerate(DEFAULTS, start=1):
        Criterion.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "weight": Decimal(weight),
                "target": Decimal(target) if target else None,
                "description": description,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_assessment_circular")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
