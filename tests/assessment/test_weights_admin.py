"""The office edits the criteria's weights in the admin; the defaults cannot be deleted."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.assessment import criteria
from reports.models import AssessmentCriterion

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reports_assessmentcriterion_changelist")


def test_the_office_changes_a_weight(login, office):
    client = login(office)
    assert client.get(CHANGELIST).status_code == 200
    criterion = next(c for c in criteria() if c.code == "activities")
    url = reverse("admin:reports_assessmentcriterion_change", args=[criterion.pk])
    response = client.post(
        url,
        {
            "code": "activities",
            "name": criterion.name,
            "weight": "25",
            "target": "3",
            "description": criterion.description,
            "order": criterion.order,
        },
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.weight, criterion.target) == (Decimal("25"), Decimal("3"))


def test_nobody_deletes_a_criterion(login, office, admin_user):
    criterion = criteria()[0]
    url = reverse("admin:reports_assessmentcriterion_delete", args=[criterion.pk])
    for user in (office, admin_user):
        assert login(user).post(url, {"post": "yes"}).status_code == 403
    assert AssessmentCriterion.objects.filter(pk=criterion.pk).exists()


def test_leaders_and_staff_cannot_open_it(login, leader, alice):
    for user in (leader, alice):
        response = login(user).get(CHANGELIST)
        assert response.status_code == 302  # the admin's login page: not staff
