"""Computed progress is visible to the office in the admin, and nobody edits it by hand."""

import pytest

from .factories import compute, figure, indicator

pytestmark = pytest.mark.django_db


def test_it_lets_the_office_read_progress_and_runs(login, office):
    figure(indicator("T1"), 2024, 1, 500)
    compute()
    client = login(office)
    assert client.get("/admin/targets/progress/").status_code == 200
    assert client.get("/admin/targets/progressrun/").status_code == 200


def test_it_lets_nobody_add_or_change_computed_rows(login, admin_user):
    figure(indicator("T1"), 2024, 1, 500)
    compute()
    client = login(admin_user)
    assert client.get("/admin/targets/progress/add/").status_code == 403
    assert client.get("/admin/targets/progressrun/add/").status_code == 403


def test_it_hides_progress_from_bureau_staff(login, alice):
    assert login(alice).get("/admin/targets/progress/").status_code == 302  # to the admin login
