"""R8.4: a case's decision and closing dates come only from its status steps, and a step lies
between the filing date and today, through the API, the page and the import."""

import datetime

import pytest
from django.urls import reverse

from enforcement import services
from enforcement.metrics import cases_closed_this_year
from enforcement.models import CaseStep, StepKind

from .conftest import FILED
from .test_import import GOOD, confirm, preview

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 2)


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def detail(case, action=None):
    return reverse(f"case-{action}" if action else "case-detail", args=[case.pk])


def test_it_refuses_a_closing_date_patched_onto_a_filed_case(login, alice, case):
    """R8.4: PATCH {"closed_on": …} on a filed case answers 400 naming the field; the
    dashboard's count of cases closed this year does not move."""
    client = login(alice)
    before = cases_closed_this_year(TODAY)
    response = client.patch(
        detail(case), {"closed_on": "2026-05-01"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["closed_on"] == [str(services.STEP_DATE_ONLY)]
    response = client.patch(
        detail(case),
        {"decided_on": "2026-04-01", "title": "改名"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "decided_on" in response.json()["errors"]
    case.refresh_from_db()
    assert case.closed_on is None and case.decided_on is None and case.title != "改名"
    assert cases_closed_this_year(TODAY) == before == 0


def test_it_shows_the_step_dates_it_does_not_take(login, alice, case):
    services.case_advance(case, user=alice, to_status="investigating")
    services.case_advance(
        case, user=alice, to_status="closed", happened_on=datetime.date(2026, 3, 20)
    )
    body = login(alice).get(detail(case)).json()
    assert body["closed_on"] == "2026-03-20" and body["decided_on"] is None


@pytest.mark.parametrize("day", ["2020-01-01", "2026-12-03"])
def test_it_refuses_a_step_before_filing_or_after_today_and_the_case_stays_editable(
    login, alice, case, day
):
    """R8.4: a case filed 2026-03-01 (here 03-02) cannot be closed by a step dated 2020-01-01
    or tomorrow: 400 with the message; afterwards the case's particulars still change."""
    client = login(alice)
    services.case_advance(case, user=alice, to_status="investigating", happened_on=FILED)
    response = client.post(
        detail(case, "advance"),
        {"to_status": "closed", "happened_on": day},
        content_type="application/json",
    )
    assert response.status_code == 400
    message = str(services.STEP_DATE_RANGE % {"filed": FILED.isoformat()})
    assert response.json()["errors"]["happened_on"] == [message]
    case.refresh_from_db()
    assert case.status == "investigating" and case.closed_on is None
    response = client.patch(
        detail(case), {"title": "新名称", "version": case.version}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["title"] == "新名称"


def test_it_refuses_a_note_or_transfer_dated_before_filing(alice, case, police):
    before = datetime.date(2026, 1, 1)
    with pytest.raises(services.WorkflowError) as refused:
        services.step_add(case, user=alice, note="补记", happened_on=before)
    assert "happened_on" in refused.value.errors
    with pytest.raises(services.WorkflowError):
        services.case_transfer(case, user=alice, to_bureau=police, reason="x", happened_on=before)
    assert case.steps.count() == 1


def test_it_refuses_moving_the_filing_date_after_a_step(login, alice, case):
    services.case_advance(
        case, user=alice, to_status="investigating", happened_on=datetime.date(2026, 3, 10)
    )
    response = login(alice).patch(
        detail(case), {"filed_on": "2026-04-01", "version": 1}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["filed_on"] == [
        str(services.FILED_AFTER_STEP % {"day": "2026-03-10"})
    ]
    response = login(alice).patch(
        detail(case), {"filed_on": "2026-03-05", "version": 1}, content_type="application/json"
    )
    assert response.status_code == 200


def test_it_shows_a_step_before_filing_as_a_form_error(login, alice, case):
    """R8.4 on the page: the step form names the date, answers 400 and records nothing."""
    response = login(alice).post(
        reverse("enforcement:case-step", args=[case.pk]),
        {"to_status": "investigating", "happened_on": "2020-01-01"},
    )
    assert response.status_code == 400
    assert response.context["step_form"].errors["happened_on"] == [
        str(services.STEP_DATE_RANGE % {"filed": FILED.isoformat()})
    ]
    assert case.steps.count() == 1


def test_it_dates_an_imported_cases_steps_from_its_columns(login, alice, town):
    """R8.4: the import's "Closed on" column dates the imported closing step; a closed case
    without it, or with a date before filing, is refused in the preview."""
    client = login(alice)
    no_date = {**GOOD, "number": "导入-1", "status": "closed"}
    early = {**GOOD, "number": "导入-2", "status": "closed", "closed_on": "2025-12-31"}
    unreached = {**GOOD, "number": "导入-3", "closed_on": "2026-03-01"}
    plan = preview(client, no_date, early, unreached).context["plan"]
    assert plan.error_rows == [2, 3, 4]
    good = {
        **GOOD,
        "number": "导入-4",
        "status": "closed",
        "decided_on": "2026-02-20",
        "closed_on": "2026-03-01",
    }
    response = preview(client, good)
    assert not response.context["plan"].errors
    assert confirm(client, response).status_code == 302
    steps = CaseStep.objects.filter(case__number="导入-4", kind=StepKind.STATUS)
    assert sorted((s.to_status, s.happened_on.isoformat()) for s in steps) == [
        ("closed", "2026-03-01"),
        ("decided", "2026-02-20"),
    ]
    assert cases_closed_this_year(TODAY) == 1


def test_the_migration_takes_the_dates_back_from_the_steps(alice, case, make_case):
    """R8.4 for the data already written: a closing date PATCHed onto a filed case before the
    API refused it is cleared, and a closed case's date is that of its closing step."""
    from importlib import import_module

    from django.apps import apps

    from enforcement.models import Case

    migration = import_module("enforcement.migrations.0003_case_dates_from_status_steps")
    closed = make_case(alice, number="M-2")
    services.case_advance(closed, user=alice, to_status="investigating", happened_on=FILED)
    services.case_advance(
        closed, user=alice, to_status="closed", happened_on=datetime.date(2026, 4, 1)
    )
    # What PATCH /api/v1/cases/<id>/ could write before.
    Case.objects.filter(pk=case.pk).update(closed_on=datetime.date(2026, 5, 1))
    Case.objects.filter(pk=closed.pk).update(closed_on=datetime.date(2020, 1, 1))
    assert cases_closed_this_year(TODAY) == 1
    migration.dates_from_steps(apps, None)
    case.refresh_from_db()
    closed.refresh_from_db()
    assert case.closed_on is None and closed.closed_on == datetime.date(2026, 4, 1)
    assert cases_closed_this_year(TODAY) == 1
