"""Every finance model is in the admin, searchable, and its list opens for the administrator."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from finance.models import PledgeLoan
from tests.finance.conftest import PATENT

pytestmark = pytest.mark.django_db


def test_it_opens_every_finance_changelist_and_form(client, admin_user, firm, loan, budget_line):
    client.force_login(admin_user)
    for model in apps.get_app_config("finance").get_models():
        if model.__name__.startswith("Historical"):  # shown by its model's History page
            continue
        model_admin = admin.site._registry[model]
        assert model_admin.search_fields, model
        name = f"admin:finance_{model._meta.model_name}_changelist"
        assert client.get(reverse(name), {"q": "示例"}).status_code == 200, name
    change = reverse("admin:finance_pledgeloan_change", args=[loan.pk])
    assert client.get(change).status_code == 200
    history = reverse("admin:finance_pledgeloan_history", args=[loan.pk])
    assert client.get(history).status_code == 200


def test_it_keeps_subsidies_read_only_in_the_admin(client, office):
    client.force_login(office)
    assert client.get(reverse("admin:finance_interestsubsidy_changelist")).status_code == 200
    assert client.get(reverse("admin:finance_interestsubsidy_add")).status_code == 403
    assert client.get(reverse("admin:finance_spending_add")).status_code == 403


REGISTERS = ("enterprise", "pledgeloan", "insurancepolicy", "interestsubsidy", "spending")


def test_the_office_cannot_lend_for_science_on_markets_enterprise_in_the_admin(
    client, office, science, firm
):
    """The pen-test scenario: the office added, in the admin, a loan kept by science on market's
    enterprise (science then saw market's firm and could subsidise it against market's cap)."""
    client.force_login(office)
    response = client.post(
        reverse("admin:finance_pledgeloan_add"),
        {
            "enterprise": firm.pk,
            "bureau": science.pk,
            "lender": "示例银行",
            "amount": "1000000",
            "rate": "3.650",
            "start_date": "2025-03-01",
            "maturity_date": "2026-03-01",
            "status": "active",
            "patent_numbers": PATENT,
        },
    )
    assert response.status_code == 403
    assert not PledgeLoan.objects.exists()


@pytest.mark.parametrize("user", ["office", "admin_user"])
def test_register_records_are_read_only_in_the_admin_for_everyone(
    request, client, user, loan, insurance, other_loan
):
    client.force_login(request.getfixturevalue(user))
    for record in (loan, other_loan, loan.enterprise, other_loan.enterprise, insurance):
        name = record._meta.model_name
        change = reverse(f"admin:finance_{name}_change", args=[record.pk])
        assert client.get(change).status_code == 200  # shown
        client.post(change, {"note": "后台改写", "name": "后台改名有限公司"})
        assert (
            client.post(
                reverse(f"admin:finance_{name}_delete", args=[record.pk]), {"post": "yes"}
            ).status_code
            == 403
        )
        record.refresh_from_db()  # still there, unchanged
        assert getattr(record, "note", "") != "后台改写"
        assert "后台改名" not in str(record)
    for name in REGISTERS:
        assert client.get(reverse(f"admin:finance_{name}_add")).status_code == 403
    bulk = client.post(
        reverse("admin:finance_pledgeloan_changelist"),
        {"action": "delete_selected", "_selected_action": [loan.pk, other_loan.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert PledgeLoan.objects.count() == 2
