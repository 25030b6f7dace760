"""load_demo gives a newcomer a populated portal, and never runs in production."""

import pytest
from django.core.management import CommandError, call_command

from bureaus.management.commands.load_demo import DEMO_PASSWORD
from bureaus.models import BureauKind, Role, User
from targets.models import Figure
from tasks_registry.models import TaskReport
from workflow.models import SubmissionState

pytestmark = pytest.mark.django_db


def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not User.objects.exists()


def test_it_creates_a_user_for_every_role_and_bureau_kind(settings):
    settings.DEBUG = True
    call_command("load_demo")
    assert set(User.objects.values_list("role", flat=True)) == set(Role)
    staff_kinds = set(User.objects.filter(role=Role.STAFF).values_list("bureau__kind", flat=True))
    assert staff_kinds == set(BureauKind)
    assert User.objects.get(username="market").check_password(DEMO_PASSWORD)


def test_it_fills_past_quarters_and_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo")
    counts = (User.objects.count(), Figure.objects.count(), TaskReport.objects.count())
    call_command("load_demo")
    assert (User.objects.count(), Figure.objects.count(), TaskReport.objects.count()) == counts
    assert Figure.objects.filter(state=SubmissionState.APPROVED).count() > 20
    assert TaskReport.objects.filter(state=SubmissionState.SUBMITTED).exists()
