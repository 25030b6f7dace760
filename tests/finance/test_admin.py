"""Every finance model is in the admin, searchable, and its list opens for the administrator."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

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
