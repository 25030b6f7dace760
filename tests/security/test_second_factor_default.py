"""等保 level 3: the administrator, the auditor and the office use two factors out of the box
(SECOND_FACTOR_ROLES); the setting relaxes it, and the admin's ticks add roles but cannot lift
these. The tests' settings relax it for the personas; here the production default is back."""

import pytest
from django.test import Client
from django.urls import reverse

from bureaus.models import Role, SecondFactorRequirement
from ipcity import settings as production
from tests.conftest import PASSWORD, make_user

from .conftest import logged_in

pytestmark = pytest.mark.django_db

ENROL = reverse("second-factor-enrol")


@pytest.fixture
def production_default(settings):
    settings.SECOND_FACTOR_ROLES = production.SECOND_FACTOR_ROLES


def test_the_default_is_the_privileged_roles():
    assert production.SECOND_FACTOR_ROLES == ["admin", "auditor", "office", "secadmin"]


def test_privileged_roles_are_sent_to_enrolment_by_default(production_default, market):
    for role in (Role.ADMIN, Role.AUDITOR, Role.OFFICE, Role.SECURITY_ADMIN):
        user = make_user(f"p-{role}", role, market if role == Role.OFFICE else None)
        assert logged_in(user).get("/").url.startswith(ENROL), role
    for role in (Role.STAFF, Role.LEADER):
        user = make_user(f"p-{role}", role, market if role == Role.STAFF else None)
        assert logged_in(user).get("/").status_code in (200, 302), role
        assert not logged_in(user).get("/").get("Location", "").startswith(ENROL), role


def test_the_admin_ticks_cannot_lift_the_default(production_default, office):
    assert not SecondFactorRequirement.objects.get(role="office").required
    assert logged_in(office).get("/").url.startswith(ENROL)
    token = Client().post(reverse("api-token"), {"username": "office", "password": PASSWORD})
    assert token.status_code == 403


def test_the_requirement_page_shows_what_the_setting_requires(settings, admin_user):
    settings.SECOND_FACTOR_ROLES = ["office"]
    client = Client()
    client.force_login(admin_user)
    page = client.get(reverse("admin:bureaus_secondfactorrequirement_changelist")).content.decode()
    cells = page.split('class="field-required_by_setting"')[1:]
    assert len(cells) == len(Role)
    assert sum("icon-yes" in cell.split("</td>")[0] for cell in cells) == 1


def test_the_setting_relaxes_it(settings, office):
    settings.SECOND_FACTOR_ROLES = []
    assert logged_in(office).get("/").status_code == 200
