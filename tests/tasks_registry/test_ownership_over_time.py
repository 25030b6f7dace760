"""Task ownership over time (docs/rules.md R5): a change applies from a period, never backwards."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bureaus.models import Bureau, BureauKind
from reports import assessment
from targets.periods import ensure_period, quarter_of
from tasks_registry import ownership
from tasks_registry.models import OwnershipRole, TaskOwnership
from workflow.selectors import rows_for

pytestmark = pytest.mark.django_db


def page(number: int) -> str:
    return reverse("tasks_registry:task-detail", args=[number])


def owes(bureau, period, number: int = 8) -> bool:
    """Whether the bureau owes a report on task `number` for the period."""
    rows = rows_for(period, bureau.pk)
    return any(getattr(row.subject, "number", None) == number for row in rows)


def this_quarter():
    return ensure_period(*quarter_of(timezone.localdate()))


def next_quarter():
    year, quarter = quarter_of(timezone.localdate())
    return ensure_period(year + quarter // 4, quarter % 4 + 1)


@pytest.fixture
def town(db) -> Bureau:
    return Bureau.objects.create(code="jia", name="甲镇", kind=BureauKind.TOWN, order=100)


def test_a_unit_added_today_owes_nothing_for_earlier_quarters(login, office, town):
    """R5.1 (finding 4): 甲镇 added to task 8 from this quarter owes this quarter's report only;
    the quarters before keep their owners, so its assessment has nothing to mark 未提交 (it
    went from 100 to 40 when the change reached back to Q1–Q3)."""
    now = this_quarter()
    response = login(office).post(
        page(8), {"bureau": town.pk, "role": OwnershipRole.COOPERATING, "from_period": str(now)}
    )
    assert response.status_code == 302
    earlier = [ensure_period(now.year, q) for q in range(1, now.quarter)]
    assert not any(owes(town, period) for period in earlier)
    assert owes(town, now)
    line = assessment.assess(now.year).line(town.pk)
    assert line.score("completeness").records == [] and line.rank is None


def test_a_change_may_not_reach_back(login, office, town):
    """R5.1: a period before the current quarter is refused with a form error, nothing saved."""
    year, quarter = quarter_of(timezone.localdate())
    before = f"{year - 1}Q4"
    response = login(office).post(
        page(8), {"bureau": town.pk, "role": OwnershipRole.COOPERATING, "from_period": before}
    )
    assert response.status_code == 400
    assert str(ownership.BACKWARDS % {"period": f"{year}Q{quarter}"}) in response.content.decode()
    assert not TaskOwnership.objects.filter(bureau=town).exists()
    response = login(office).post(page(8), {"bureau": town.pk, "role": "x", "from_period": "Q"})
    assert response.status_code == 400


def test_a_new_lead_from_next_quarter_closes_the_old_lead(login, office, town):
    """R5.2: a new lead from next quarter ends the old lead's row with this quarter: the old
    lead still owes this quarter, the new one owes from next quarter; the page shows both rows."""
    old = TaskOwnership.objects.get(task__number=8, role=OwnershipRole.LEAD).bureau
    now, then = this_quarter(), next_quarter()
    client = login(office)
    response = client.post(
        page(8), {"bureau": town.pk, "role": OwnershipRole.LEAD, "from_period": str(then)}
    )
    assert response.status_code == 302
    closed = TaskOwnership.objects.get(task__number=8, bureau=old)
    assert closed.until_period == now
    assert owes(old, now) and not owes(old, then)
    assert owes(town, then) and not owes(town, now)
    html = client.get(page(8)).content.decode()
    history = html[html.index('id="owner-history"') :]
    assert old.name in history and town.name in history and str(then) in history


def test_a_unit_that_leaves_still_owes_the_quarters_it_held(login, office):
    """R5.3: a default co-operating unit leaves from next quarter: it owes this quarter, not the
    next; staff cannot make the change."""
    row = TaskOwnership.objects.filter(role=OwnershipRole.COOPERATING).select_related("bureau")
    row = row.first()
    now, then = this_quarter(), next_quarter()
    data = {"bureau": row.bureau.pk, "role": "", "from_period": str(then)}
    response = login(office).post(page(row.task.number), data)
    assert response.status_code == 302
    number = row.task.number
    assert owes(row.bureau, now, number) and not owes(row.bureau, then, number)
    row.refresh_from_db()
    assert row.until_period == now


def test_staff_cannot_change_owners(login, alice):
    response = login(alice).post(page(8), {"bureau": alice.bureau_id, "role": "lead"})
    assert response.status_code == 403


def test_a_report_page_is_only_for_a_quarter_the_bureau_held(login, office, town):
    """R5.1: 甲镇's page for the task's report exists from its first quarter on."""
    now = this_quarter()
    ownership.ownership_change(
        task=TaskOwnership.objects.filter(task__number=8).first().task,
        bureau=town,
        role=OwnershipRole.COOPERATING,
        from_period=now,
        user=office,
    )
    client = login(office)
    url = reverse("reporting:task-report", args=[str(now), 8, town.code])
    assert client.get(url).status_code == 200
    if now.quarter > 1:
        earlier = ensure_period(now.year, now.quarter - 1)
        url = reverse("reporting:task-report", args=[str(earlier), 8, town.code])
        assert client.get(url).status_code == 404


def test_a_periods_matrix_and_report_show_the_owners_of_that_period(login, office, town):
    """R5.4: 甲镇, added to task 8 from this quarter, is not an owner in the last quarter's
    matrix (the office dashboard's) nor in its report; this quarter's and the year's have it."""
    from reports.assembly import assemble_report
    from reports.selectors import ownership_matrix
    from tasks_registry.models import KeyTask

    now = this_quarter()
    last = ensure_period(now.year - (now.quarter == 1), (now.quarter - 2) % 4 + 1)
    task = KeyTask.objects.get(number=8)
    ownership.ownership_change(
        task=task, bureau=town, role=OwnershipRole.COOPERATING, from_period=now, user=office
    )

    def matrix_owners(period):
        bureaus, rows = ownership_matrix(period)
        row = next(r for r in rows if r.task.number == 8)
        return {b.name for b, cell in zip(bureaus, row.cells, strict=True) if cell.role}

    def report_cooperating(code):
        report = assemble_report(code)
        return next(t for t in report.tasks if t.number == 8).cooperating

    assert "甲镇" not in matrix_owners(last)
    assert "甲镇" in matrix_owners(now)
    assert "甲镇" not in report_cooperating(str(last))
    assert "甲镇" in report_cooperating(str(now.year))
    dashboard = login(office).get(reverse("reports:dashboard")).content.decode()
    assert 'title="甲镇"' not in dashboard
