"""A bureau's own dashboard: its indicators, key tasks and the figures it still owes."""

import pytest
from django.urls import reverse

from targets.models import FigureState, Indicator
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
    assert codes == set(
        Indicator.objects.filter(reporting_bureau__code="market", is_auxiliary=False).values_list(
            "code", flat=True
        )
    )
    todo_codes = [indicator.code for indicator, _ in response.context["todos"]]
    assert "2.1" not in todo_codes  # submitted
    assert "2.2" in todo_codes and "2.4" in todo_codes  # returned, and not entered
    tasks = response.context["tasks"]
    assert tasks[0][1] is True  # leads first
    assert 1 in [task.number for task, _ in tasks]
    assert response.context["overdue"] is True
    assert "overdue" in response.content.decode()


def test_it_refuses_staff_another_bureaus_dashboard(login, bob):
    assert login(bob).get(reverse("reports:bureau-detail", args=["market"])).status_code == 403


def test_it_lets_the_office_open_any_bureaus_dashboard(login, office):
    response = login(office).get(reverse("reports:bureau-detail", args=["science"]))
    assert response.status_code == 200
    assert response.context["bureau"].code == "science"


def test_it_refuses_the_bureau_page_to_a_user_without_a_bureau(login, leader):
    assert login(leader).get(reverse("reports:bureau")).status_code == 403
