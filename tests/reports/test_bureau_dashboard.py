"""A bureau's own dashboard: its indicators, key tasks and the figures it still owes."""

import pytest
from django.urls import reverse

from targets.models import FigureState, Indicator
from tasks_registry.models import KeyTask
from tests.targets.factories import TODAY, compute, figure, period

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


def test_it_shows_staff_their_indicators_tasks_and_todos(login, alice):
    patents = Indicator.objects.get(code="2.1")
    period(2026, 4)
    figure(patents, 2026, 4, 800, state=FigureState.SUBMITTED)
    figure(Indicator.objects.get(code="2.2"), 2026, 4, 400, state=FigureState.RETURNED)
    compute()
    response = login(alice).get(reverse("reports:bureau"))
    assert response.status_code == 200
    codes = {card.indicator.code for card in response.context["cards"]}
    # The overall goals 0.x are the whole programme's, not 区市场监管局's (R3.7).
    assert codes == set(
        Indicator.objects.filter(reporting_bureau__code="market", is_auxiliary=False)
        .exclude(area__number=0)
        .values_list("code", flat=True)
    )
    todos = response.context["todos"]
    figure_codes = [row.subject.code for row in todos if row.kind.slug == "figure"]
    assert "2.1" not in figure_codes  # submitted
    assert "2.2" in figure_codes and "2.4" in figure_codes  # returned, and not entered
    report_numbers = {row.subject.number for row in todos if row.kind.slug == "task"}
    assert report_numbers == set(
        KeyTask.objects.filter(ownerships__bureau__code="market").values_list("number", flat=True)
    )
    assert all(row.overdue for row in todos)  # 2026Q4 was due 2027-01-10
    tasks = response.context["tasks"]
    assert tasks[0][1] is True  # leads first
    assert 1 in [task.number for task, _ in tasks]
    html = response.content.decode()
    assert "list-group-item-danger overdue" in html
    assert todos[0].url in html  # staff open the reporting form from here


def test_it_refuses_staff_another_bureaus_dashboard(login, bob):
    assert login(bob).get(reverse("reports:bureau-detail", args=["market"])).status_code == 404


def test_it_lets_the_office_open_any_bureaus_dashboard(login, office):
    response = login(office).get(reverse("reports:bureau-detail", args=["science"]))
    assert response.status_code == 200
    assert response.context["bureau"].code == "science"


def test_it_refuses_the_bureau_page_to_a_user_without_a_bureau(login, leader):
    assert login(leader).get(reverse("reports:bureau")).status_code == 403
