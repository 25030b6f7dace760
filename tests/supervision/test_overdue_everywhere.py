"""Overdue supervision items show on the office dashboard and in the owning bureaus' to-do."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tasks_registry import supervision

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(office, market, science):
    today = timezone.localdate()
    return supervision.inspection_finding_record(
        user=office,
        date=today - datetime.timedelta(days=40),
        bureau=market,
        inspectors="督查组",
        findings="台账不全",
        title="补齐执法台账",
        lead_bureau=market,
        cooperating=[science],
        deadline=today - datetime.timedelta(days=3),
    )


def test_it_lists_an_overdue_item_on_the_office_dashboard(login, office, overdue):
    html = login(office).get(reverse("reports:dashboard")).content.decode()
    assert 'id="overdue-supervision"' in html
    assert "补齐执法台账" in html and "已逾期 3 天" in html


def test_it_lists_it_in_the_todo_of_the_lead_and_cooperating_bureaus(login, alice, bob, overdue):
    for user in (alice, bob):
        html = login(user).get(reverse("reporting:todo")).content.decode()
        assert "补齐执法台账" in html


def test_an_uninvolved_bureau_does_not_see_it(login, overdue, db):
    from bureaus.models import Bureau, Role
    from tests.conftest import make_user

    carol = make_user("carol", Role.STAFF, Bureau.objects.get(code="court"))
    assert "补齐执法台账" not in login(carol).get(reverse("reporting:todo")).content.decode()
