"""load_programme is idempotent and keeps what the office edited."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from bureaus.models import Bureau
from targets.models import Indicator, TargetArea
from tasks_registry.models import KeyTask, OwnershipRole, TaskGroup, TaskOwnership

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "bureaus": list(Bureau.objects.values_list("id", "code", "name", "order")),
        "areas": list(TargetArea.objects.values_list("id", "title")),
        "indicators": list(Indicator.objects.values_list("id", "code", "target_value")),
        "groups": list(TaskGroup.objects.values_list("id", "title")),
        "tasks": list(KeyTask.objects.values_list("id", "number", "title", "description")),
        "owners": list(TaskOwnership.objects.values_list("task_id", "bureau_id", "role")),
    }


def test_running_it_twice_leaves_the_same_rows():
    before = snapshot()
    call_command("load_programme")
    call_command("load_programme")
    assert snapshot() == before
    assert KeyTask.objects.count() == 19


def test_it_recreates_what_is_missing_without_duplicating():
    KeyTask.objects.filter(number=19).delete()
    call_command("load_programme")
    assert KeyTask.objects.filter(number=19).count() == 1
    assert KeyTask.objects.get(number=19).ownerships.exists()


def test_an_office_edit_of_a_target_survives_a_rerun():
    Indicator.objects.filter(code="2.1").update(target_value=Decimal("950"))
    call_command("load_programme")
    assert Indicator.objects.get(code="2.1").target_value == Decimal("950")


def test_an_office_edit_of_a_title_survives_a_rerun():
    KeyTask.objects.filter(number=3).update(title="健全绩效考核体系（修订）")
    call_command("load_programme")
    assert KeyTask.objects.get(number=3).title == "健全绩效考核体系（修订）"


def test_a_changed_plan_updates_rows_the_office_left_alone(monkeypatch):
    from tasks_registry import programme

    plan = programme.read_plan()
    plan["indicators"][3]["target_value"] = "901"
    monkeypatch.setattr(programme, "read_plan", lambda: plan)
    call_command("load_programme")
    assert Indicator.objects.get(code=plan["indicators"][3]["code"]).target_value == Decimal("901")


def test_office_owners_survive_a_rerun():
    task = KeyTask.objects.get(number=5)
    task.ownerships.all().delete()
    health = Bureau.objects.get(code="health")
    TaskOwnership.objects.create(task=task, bureau=health, role=OwnershipRole.LEAD)
    call_command("load_programme")
    owners = list(task.ownerships.values_list("bureau__code", "role", "is_default"))
    assert owners == [("health", "lead", False)]


def test_owners_the_office_removed_stay_removed():
    KeyTask.objects.get(number=6).ownerships.all().delete()
    call_command("load_programme")
    assert not KeyTask.objects.get(number=6).ownerships.exists()
