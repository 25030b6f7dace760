"""Case dates from the status steps (R8.4): until now the API and the import could
write `decided_on` and `closed_on` directly, so a case still under investigation could carry a
closing date and be counted as closed. Each date becomes that of the step that reached its status;
a case that never reached the status loses it. An imported case (its steps written before step
dates existed) keeps the imported date. A correction of data, not a user's change: it writes no history
rows."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

STEP_DATES = {"decided_on": "decided", "closed_on": "closed"}
# Statuses a case has passed through the decision to reach (a closed case may or may not have).
REACHED = {"decided_on": ("decided", "publicised", "closed"), "closed_on": ("closed",)}


def dates_from_steps(apps, schema_editor):
    Case = apps.get_model("enforcement", "Case")
    CaseStep = apps.get_model("enforcement", "CaseStep")
    for name, status in STEP_DATES.items():
        Case.objects.exclude(status__in=REACHED[name]).exclude(**{name: None}).update(
            **{name: None}
        )
        steps = CaseStep.objects.filter(kind="status", to_status=status)
        dated = steps.filter(case=OuterRef("pk")).order_by("-at", "-id").values("happened_on")
        Case.objects.filter(pk__in=steps.values("case")).update(**{name: Subquery(dated[:1])})


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0002_history")]

    operations = [migrations.RunPython(dates_from_steps, migrations.RunPython.noop)]
