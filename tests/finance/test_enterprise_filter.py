"""The loan and insurance lists pick an enterprise by name (a menu of the enterprises the user
may see), not by a raw "企业ID"; `?enterprise=<id>` keeps working for links and the API."""

import re

import pytest
from django.urls import reverse

from tests.finance.conftest import make_enterprise, make_loan

pytestmark = pytest.mark.django_db


def menu(html: str) -> dict[str, str]:
    select = re.search(r'<select name="enterprise".*?</select>', html, re.S)
    assert select, "no enterprise menu"
    return dict(re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select.group(0)))


@pytest.mark.parametrize("route", ["finance:loan-list", "finance:insurance-list"])
def test_the_list_offers_the_enterprises_the_user_may_see_by_name(
    login, alice, firm, other_firm, route
):
    html = login(alice).get(reverse(route)).content.decode()
    choices = menu(html)
    assert choices[str(firm.pk)] == firm.name
    assert str(other_firm.pk) not in choices and other_firm.name not in html
    assert "企业ID" not in html


def test_picking_an_enterprise_lists_its_loans_only(login, alice, firm, market):
    second = make_enterprise(market, serial=2, name="乙示例有限公司")
    make_loan(firm, "1000000", lender="甲银行")
    make_loan(second, "2000000", lender="乙银行")
    html = login(alice).get(reverse("finance:loan-list"), {"enterprise": second.pk})
    html = html.content.decode()
    table = html[html.index('id="loan-table"') :]
    assert "乙银行" in table and "甲银行" not in table
