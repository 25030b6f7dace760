"""load_demo fills the case register with plausible cases and their records, once."""

import pytest
from django.core.management import call_command

from bureaus.models import User
from enforcement.models import Case, CaseStep, Transfer

pytestmark = pytest.mark.django_db


def test_it_loads_demo_cases_with_records_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo")
    counts = (Case.objects.count(), CaseStep.objects.count(), Transfer.objects.count())
    assert 35 <= counts[0] <= 45
    assert counts[1] > counts[0]  # every case has its filing step, most have more
    assert Case.objects.filter(status="closed").exists()
    assert set(Case.objects.values_list("bureau__code", flat=True)) >= {"market", "court"}
    call_command("load_demo")
    assert (Case.objects.count(), CaseStep.objects.count(), Transfer.objects.count()) == counts
    court = User.objects.get(username="court")
    assert set(Case.objects.visible_to(court).values_list("bureau__code", flat=True)) == {"court"}
    for case in Case.objects.all():
        case.full_clean()  # USCCs with their check character, dates in order
