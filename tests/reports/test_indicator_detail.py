"""An indicator's page: history, contributions by bureau and the figures behind them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from targets.models import FigureState, Indicator, TargetAssessment
from tests.targets.factories import compute, figure, period

pytestmark = pytest.mark.django_db


@pytest.fixture
def patents():
    ind = Indicator.objects.get(code="2.1")
    figure(ind, 2024, 1, 300, bureau="market")
    figure(ind, 2024, 1, 200, bureau="science")
    figure(ind, 2024, 2, 650, bureau="market", state=FigureState.SUBMITTED)
    compute()
    return ind


def url(code="2.1"):
    return reverse("reports:indicator", args=[code])


def test_it_shows_the_history_and_the_contributions_by_bureau(login, office, patents):
    response = login(office).get(url())
    assert response.status_code == 200
    history = response.context["history"]
    assert [str(row.period) for row in history] == ["2024Q2", "2024Q1"]
    assert history[-1].value == 500
    bureaus = [b.code for b in response.context["contribution_bureaus"]]
    assert bureaus == ["science", "market"]
    ((period, values),) = response.context["contributions"]
    assert str(period) == "2024Q1" and values == ["200.0000", "300.0000"]


def test_it_lists_every_source_figure_with_an_admin_link_for_the_office(login, office, patents):
    response = login(office).get(url())
    assert len(response.context["figures"]) == 3
    figure_id = patents.figures.filter(bureau__code="science").get().pk
    assert reverse("admin:targets_figure_change", args=[figure_id]) in response.content.decode()


def test_it_shows_bureau_staff_only_their_own_figures(login, bob, patents):
    response = login(bob).get(url())
    assert response.status_code == 200
    assert {f.bureau.code for f in response.context["figures"]} == {"science"}
    assert [b.code for b in response.context["contribution_bureaus"]] == ["science"]
    assert "/admin/" not in response.content.decode()


def test_it_shows_a_qualitative_target_with_the_office_assessment(login, leader, office):
    TargetAssessment.objects.create(
        indicator=Indicator.objects.get(code="1.1"),
        period=period(2026, 4),
        verdict="achieved",
        narrative="已出台《知识产权资助办法》",
        assessed_by=office,
        assessed_at=timezone.now(),
    )
    compute()
    response = login(leader).get(url("1.1"))
    assert response.context["card"].status == "achieved"
    assert "已出台《知识产权资助办法》" in response.content.decode()


def test_it_answers_404_for_an_unknown_code(login, office):
    assert login(office).get(url("9.9")).status_code == 404
