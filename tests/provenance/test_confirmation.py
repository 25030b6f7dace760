"""R4.2: a default is confirmed once, by the office confirming or changing it; a reload of the
programme keeps what the office confirmed."""

import datetime
import json

import pytest
from django.urls import reverse

from audit.models import AuditEvent, Event
from core.provenance import confirm
from reports.assessment import criteria
from targets.models import Indicator
from tasks_registry import programme
from tasks_registry.models import KeyTask, OwnershipRole
from tasks_registry.ownership import ownership_change
from tests.targets.factories import period

pytestmark = pytest.mark.django_db


def lead_of(number: int):
    return KeyTask.objects.get(number=number).ownerships.get(
        role=OwnershipRole.LEAD, until_period=None
    )


def test_it_stamps_audits_and_keeps_history_once(office):
    indicator = Indicator.objects.get(code="3.3")
    assert indicator.awaits_confirmation
    assert confirm([indicator], user=office) == [indicator]
    indicator.refresh_from_db()
    assert indicator.confirmed_by == office and indicator.confirmed_at is not None
    assert not indicator.awaits_confirmation
    latest = indicator.change_history.first()
    assert latest.confirmed_by_id == office.pk and latest.history_change_reason == "confirmed"
    [event] = AuditEvent.objects.filter(event=Event.DEFAULT_CONFIRM)
    assert "3.3" in event.detail["confirmed"][0]
    # Again: nothing changes, no second event, the first stamp stays.
    first = indicator.confirmed_at
    assert confirm([indicator], user=office) == []
    indicator.refresh_from_db()
    assert indicator.confirmed_at == first
    assert AuditEvent.objects.filter(event=Event.DEFAULT_CONFIRM).count() == 1


def test_a_change_of_owners_by_the_office_confirms_what_it_decides(office, monkeypatch):
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *a, **k: datetime.date(2026, 12, 2)
    )
    task = KeyTask.objects.get(number=8)
    town = task.ownerships.first().bureau.__class__.objects.create(
        code="town-x", name="甲镇", kind="town"
    )
    row = ownership_change(
        task=task,
        bureau=town,
        role=OwnershipRole.COOPERATING,
        from_period=period(2026, 4),
        user=office,
    )
    assert row.confirmed_by == office
    assert lead_of(8).awaits_confirmation  # the lead was not touched: still a default


def test_a_change_in_the_admin_confirms_the_criterion(login, office):
    # criteria(): the seeded criteria, again if a transactional test flushed them (PostgreSQL).
    criterion = next(c for c in criteria() if c.code == "activities")
    assert criterion.awaits_confirmation
    client = login(office)
    url = reverse("admin:reports_assessmentcriterion_change", args=[criterion.pk])
    response = client.post(
        url,
        {
            "code": criterion.code,
            "name": criterion.name,
            "weight": "12",
            "target": "3",
            "description": criterion.description,
            "order": criterion.order,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    criterion.refresh_from_db()
    assert criterion.weight == 12 and criterion.confirmed_by == office


def test_a_reload_keeps_what_the_office_confirmed(office, tmp_path, monkeypatch):
    """R4.2 worked example: programme.json now names another lead for task 9 and another
    reporting bureau for 3.3; what the office confirmed stays, with its confirmation."""
    court_lead = lead_of(9)
    assert court_lead.bureau.name == "区法院"
    confirm([court_lead, Indicator.objects.get(code="3.3")], user=office)
    plan = programme.read_plan()
    for group in plan["task_groups"]:
        for task in group["tasks"]:
            if task["number"] == 9:
                task["lead"] = "procuratorate"
                task["co"] = [c for c in task["co"] if c not in ("procuratorate", "court")]
            if task["number"] == 10:
                task["lead"] = "science"
    for row in plan["indicators"]:
        if row["code"] == "3.3":
            row["reporter"] = "science"
    changed = tmp_path / "programme.json"
    changed.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(programme, "PLAN_FILE", changed)

    report = programme.load_programme()

    assert "9. " in " ".join(report.kept_edits)
    lead = lead_of(9)
    assert lead.pk == court_lead.pk and lead.bureau.name == "区法院"
    assert lead.confirmed_by == office
    indicator = Indicator.objects.get(code="3.3")
    assert indicator.reporting_bureau.code == "economy" and indicator.confirmed_by == office
    # An unconfirmed default follows the new programme.
    assert lead_of(10).bureau.code == "science"
