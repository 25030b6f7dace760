"""三权分立: the auditor reads the audit log and nothing of the programme, by page or API."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bureaus.models import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor(db):
    return make_user("auditor1", Role.AUDITOR, None)


@pytest.mark.parametrize(
    "url",
    ["/programme/tasks/", "/reporting/completeness/", "/dashboard/", "/cases/", "/finance/"],
)
def test_it_refuses_the_auditor_the_programme_pages(login, auditor, url):
    assert login(auditor).get(url).status_code == 403


@pytest.mark.parametrize("url", ["/api/v1/key-tasks/", "/api/v1/figures/", "/api/v1/cases/"])
def test_it_refuses_the_auditor_the_api(auditor, url):
    client = APIClient()
    client.force_authenticate(auditor)
    assert client.get(url).status_code == 403


def test_the_auditor_lands_on_the_audit_log(login, auditor):
    client = login(auditor)
    response = client.get("/")
    assert response.status_code == 302 and response.url == reverse("audit:events")
    assert client.get(reverse("audit:events")).status_code == 200
