"""R10.1: two users edit one register record from the same version; the first save wins, the
second is refused with the figures' message and its input kept, and after a reload it saves."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from core.versioning import STALE
from finance.models import InsurancePolicy, InterestSubsidy, SubsidyPolicy
from tests.conftest import make_user
from tests.finance.conftest import make_enterprise, make_loan

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def records(alice):
    firm = make_enterprise(alice.bureau, 1, name="甲示例科技有限公司")
    loan = make_loan(firm)
    policy = SubsidyPolicy.objects.create(
        year=2025, share=Decimal("50"), cap_per_enterprise=Decimal("100000")
    )
    subsidy = InterestSubsidy.objects.create(
        loan=loan,
        policy=policy,
        interest_from=D(2025, 3, 1),
        interest_to=D(2025, 5, 31),
        applied_amount=Decimal("1000"),
        applied_on=D(2025, 6, 1),
    )
    insurance = InsurancePolicy.objects.create(
        enterprise=firm,
        bureau=alice.bureau,
        kind="liability",
        insurer="示例保险",
        premium=Decimal("5000"),
        coverage=Decimal("500000"),
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
    )
    return {"enterprise": firm, "loan": loan, "subsidy": subsidy, "insurance": insurance}


# register: (page route, API route, field changed, A's value, B's value)
CASES = {
    "enterprise": ("finance:enterprise-edit", "enterprise-detail", "name", "甲公司", "乙公司"),
    "loan": ("finance:loan-edit", "pledgeloan-detail", "lender", "甲银行", "乙银行"),
    "insurance": (
        "finance:insurance-edit",
        "insurancepolicy-detail",
        "insurer",
        "甲保险",
        "乙保险",
    ),
    "subsidy": ("finance:subsidy-edit", "interestsubsidy-detail", "applied_amount", "900", "800"),
}


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def posted(form) -> dict:
    """What the browser sends back for the form as the page showed it."""
    data = {}
    for field in form:
        value = field.value()
        if value is True:
            data[field.html_name] = "on"
        elif value not in (None, False):
            data[field.html_name] = [str(v) for v in value] if isinstance(value, list) else value
    return data


def shown(value) -> str:
    return str(value)


@pytest.mark.parametrize("register", list(CASES))
def test_a_stale_page_save_is_refused_and_keeps_the_input(alice, market, records, register):
    route, _api, field, a_value, b_value = CASES[register]
    record = records[register]
    carol = make_user("carol", alice.role, market)
    url = reverse(route, args=[record.pk])
    a, b = as_user(alice), as_user(carol)
    a_form = posted(a.get(url).context["form"])
    b_form = posted(b.get(url).context["form"])  # both read version 1

    assert a.post(url, {**a_form, field: a_value}).status_code == 302
    response = b.post(url, {**b_form, field: b_value})
    assert response.status_code == 400
    assert str(STALE) in response.content.decode()
    assert response.context["form"][field].value() == b_value  # nothing typed is lost
    record.refresh_from_db()
    assert shown(getattr(record, field)).startswith(a_value) and record.version == 2

    reloaded = posted(b.get(url).context["form"])
    assert b.post(url, {**reloaded, field: b_value}).status_code == 302
    record.refresh_from_db()
    assert shown(getattr(record, field)).startswith(b_value) and record.version == 3


@pytest.mark.parametrize("register", list(CASES))
def test_a_stale_api_change_is_refused_with_409(alice, market, records, register):
    _route, api, field, a_value, b_value = CASES[register]
    record = records[register]
    carol = make_user("carol", alice.role, market)
    url = reverse(api, args=[record.pk])
    a, b = as_user(alice), as_user(carol)
    version = b.get(url).json()["version"]
    assert version == 1

    ok = a.patch(url, {field: a_value, "version": version}, content_type="application/json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["version"] == 2
    refused = b.patch(url, {field: b_value, "version": version}, content_type="application/json")
    assert refused.status_code == 409
    assert refused.json()["detail"] == str(STALE)
    record.refresh_from_db()
    assert shown(getattr(record, field)).startswith(a_value)

    missing = b.patch(url, {field: b_value}, content_type="application/json")
    assert missing.status_code == 400 and "version" in missing.json()["errors"]

    fresh = b.get(url).json()["version"]
    again = b.patch(url, {field: b_value, "version": fresh}, content_type="application/json")
    assert again.status_code == 200
    record.refresh_from_db()
    assert shown(getattr(record, field)).startswith(b_value)
