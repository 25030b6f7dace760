"""R10.1 for cases: the second of two edits from the same version is refused, on the page (its
input kept) and over the API (409); after a reload it saves."""

import pytest
from django.test import Client
from django.urls import reverse

from core.versioning import STALE
from enforcement import services
from tests.conftest import make_user
from tests.enforcement.conftest import case_data
from tests.finance.test_stale_edits import posted

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(alice):
    return services.case_create(user=alice, data=case_data())


def test_a_stale_case_edit_on_the_page_is_refused_and_keeps_the_input(alice, market, case):
    a, b = as_user(alice), as_user(make_user("carol", alice.role, market))
    url = reverse("enforcement:case-edit", args=[case.pk])
    a_form, b_form = posted(a.get(url).context["form"]), posted(b.get(url).context["form"])
    assert a.post(url, {**a_form, "title": "甲改的案名"}).status_code == 302
    response = b.post(url, {**b_form, "title": "乙改的案名"})
    assert response.status_code == 400
    assert str(STALE) in response.content.decode()
    assert response.context["form"]["title"].value() == "乙改的案名"
    case.refresh_from_db()
    assert (case.title, case.version) == ("甲改的案名", 2)
    reloaded = posted(b.get(url).context["form"])
    assert b.post(url, {**reloaded, "title": "乙改的案名"}).status_code == 302
    case.refresh_from_db()
    assert (case.title, case.version) == ("乙改的案名", 3)


def test_a_stale_case_change_over_the_api_is_refused_with_409(alice, market, case):
    a, b = as_user(alice), as_user(make_user("carol", alice.role, market))
    url = reverse("case-detail", args=[case.pk])
    version = b.get(url).json()["version"]
    ok = a.patch(url, {"title": "甲改的案名", "version": version}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    refused = b.patch(
        url, {"title": "乙改的案名", "version": version}, content_type="application/json"
    )
    assert refused.status_code == 409 and refused.json()["detail"] == str(STALE)
    case.refresh_from_db()
    assert case.title == "甲改的案名"
    fresh = b.get(url).json()["version"]
    again = b.patch(url, {"title": "乙改的案名", "version": fresh}, content_type="application/json")
    assert again.status_code == 200
