"""The finance pages as each persona: staff of the keeping bureau (alice), of another bureau
(bob), the office, a leader, the administrator and anonymous."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from finance.models import Enterprise, InterestSubsidy, PledgeLoan, Spending
from tests.finance.conftest import make_enterprise, make_loan, uscc

pytestmark = pytest.mark.django_db
D = datetime.date
READERS = ["office", "leader", "admin_user"]


def page(client, name, *args, **params):
    return client.get(reverse(f"finance:{name}", args=args), params)


def workbook_rows(response):
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows()]


# Who sees what


@pytest.mark.parametrize("persona", ["alice", *READERS])
def test_it_shows_the_enterprise_to_its_bureau_and_the_readers(request, login, persona, firm):
    client = login(request.getfixturevalue(persona))
    assert firm.name in page(client, "enterprise-list").content.decode()
    assert page(client, "enterprise-detail", firm.pk).status_code == 200


def test_it_hides_another_bureaus_enterprise_loan_and_insurance(login, bob, firm, loan, insurance):
    client = login(bob)
    assert firm.name not in page(client, "enterprise-list").content.decode()
    assert firm.name not in page(client, "loan-list").content.decode()
    assert firm.name not in page(client, "insurance-list").content.decode()
    assert page(client, "enterprise-detail", firm.pk).status_code == 404
    assert page(client, "enterprise-edit", firm.pk).status_code == 404
    assert page(client, "loan-detail", loan.pk).status_code == 404
    assert page(client, "loan-edit", loan.pk).status_code == 404
    assert page(client, "subsidy-create", loan.pk).status_code == 404
    assert page(client, "insurance-edit", insurance.pk).status_code == 404


@pytest.mark.parametrize(
    "name, fixture",
    [("enterprise-export", "firm"), ("loan-export", "loan"), ("insurance-export", "insurance")],
)
def test_it_exports_only_what_the_user_may_see(request, login, alice, bob, office, name, fixture):
    record = request.getfixturevalue(fixture)
    enterprise = getattr(record, "enterprise", record)
    for user, expected in ((alice, True), (bob, False), (office, True)):
        rows = workbook_rows(page(login(user), name))
        names = {row[0] for row in rows[1:]}
        assert (enterprise.name in names) is expected, user


def test_it_sends_anonymous_users_to_log_in(client, firm):
    for name, args in [("enterprise-list", ()), ("enterprise-detail", (firm.pk,)), ("budget", ())]:
        response = page(client, name, *args)
        assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_it_keeps_the_office_page_for_the_readers(request, login, persona):
    assert page(login(request.getfixturevalue(persona)), "overview").status_code == 403


@pytest.mark.parametrize("persona", READERS)
def test_it_lets_readers_change_nothing(request, login, persona, firm, loan):
    client = login(request.getfixturevalue(persona))
    assert page(client, "enterprise-create").status_code == 403
    assert page(client, "enterprise-edit", firm.pk).status_code == 403
    assert page(client, "loan-edit", loan.pk).status_code == 403
    response = client.post(reverse("finance:enterprise-edit", args=[firm.pk]), {"name": "x"})
    assert response.status_code == 403
    html = page(client, "enterprise-detail", firm.pk).content.decode()
    assert 'id="edit-enterprise"' not in html


# Writing through the pages


def test_it_registers_an_enterprise_from_the_form(login, alice, town, cluster):
    code = uscc(42)
    response = login(alice).post(
        reverse("finance:enterprise-create"),
        {
            "name": "壬示例电子有限公司",
            "uscc": f"{code[:6]} {code[6:].lower()}",
            "town": town.pk,
            "cluster": cluster.pk,
            "is_high_tech": "on",
            "ip_status": "",
        },
    )
    enterprise = Enterprise.objects.get(uscc=code)
    assert response.status_code == 302 and response.url == enterprise.get_absolute_url()
    assert enterprise.bureau == alice.bureau and enterprise.is_high_tech


def test_it_shows_a_wrong_code_beside_the_field(login, alice):
    code = uscc(42)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    response = login(alice).post(
        reverse("finance:enterprise-create"), {"name": "癸", "uscc": wrong}
    )
    assert response.status_code == 400
    assert 'data-field="uscc"' in response.content.decode()
    assert not Enterprise.objects.exists()


def test_it_records_a_loan_and_a_capped_subsidy(login, alice, firm, policy):
    client = login(alice)
    response = client.post(
        reverse("finance:loan-create"),
        {
            "enterprise": firm.pk,
            "lender": "示例农商银行",
            "amount": "3650000",
            "rate": "3.65",
            "start_date": "2025-01-01",
            "maturity_date": "2026-01-01",
            "patent_numbers": "ZL 2023 1 0123456.6",
            "trademark_numbers": "",
            "status": "active",
        },
    )
    loan = PledgeLoan.objects.get()
    assert response.status_code == 302 and loan.bureau == alice.bureau
    form = {
        "interest_from": "2025-01-01",
        "interest_to": "2025-01-10",
        "applied_amount": "2000",
        "applied_on": "2025-02-01",
        "approved_amount": "1825.01",
        "approved_on": "2025-03-01",
    }
    url = reverse("finance:subsidy-create", args=[loan.pk])
    refused = client.post(url, form)
    assert refused.status_code == 400 and "1825.00" in refused.content.decode()
    assert client.post(url, form | {"approved_amount": "1825"}).status_code == 302
    assert InterestSubsidy.objects.get().approved_amount == Decimal("1825")
    html = page(client, "loan-detail", loan.pk).content.decode()
    assert "1,825.00" in html or "1825.00" in html


def test_it_refuses_a_bad_patent_number_on_the_form(login, alice, firm):
    response = login(alice).post(
        reverse("finance:loan-create"),
        {
            "enterprise": firm.pk,
            "lender": "银行",
            "amount": "100",
            "rate": "3",
            "start_date": "2025-01-01",
            "maturity_date": "2026-01-01",
            "patent_numbers": "ZL202310123456.7",
            "status": "active",
        },
    )
    assert response.status_code == 400
    assert 'data-field="patent_numbers"' in response.content.decode()


def test_it_offers_only_the_bureaus_own_enterprises_for_a_loan(login, alice, firm, other_firm):
    html = page(login(alice), "loan-create").content.decode()
    assert firm.name in html and other_firm.name not in html


# Funding


def test_it_totals_the_budget_and_needs_the_office_note_to_over_spend(
    login, alice, office, budget_line
):
    client = login(alice)
    url = reverse("finance:spending-create", args=[budget_line.pk])
    spend = {"spent_on": "2025-05-01", "amount": "150000", "description": "贴息"}
    client.post(url, spend)
    client.post(url, spend)  # 300,000 > 200,000: refused
    assert Spending.objects.count() == 1
    html = page(client, "budget", year=2025).content.decode()
    assert "150,000.00" in html and "200,000.00" in html
    assert page(client, "budget-note", budget_line.pk).status_code in (403, 405)
    login(office).post(
        reverse("finance:budget-note", args=[budget_line.pk]), {"overspend_note": "追加"}
    )
    client = login(alice)
    client.post(url, spend)
    assert Spending.objects.count() == 2
    html = page(client, "budget", year=2025).content.decode()
    assert "table-danger" in html and "追加" in html


def test_it_hides_another_bureaus_budget_line(login, bob, budget_line):
    client = login(bob)
    assert budget_line.title not in page(client, "budget", year=2025).content.decode()
    url = reverse("finance:spending-create", args=[budget_line.pk])
    assert (
        client.post(url, {"spent_on": "2025-05-01", "amount": "1", "description": "x"}).status_code
        == 404
    )


# The office's finance page


def test_it_shows_financing_by_quarter_and_bank(login, office, firm, other_firm):
    make_loan(firm, "1000000", D(2025, 2, 1), lender="甲银行")
    make_loan(other_firm, "2000000", D(2025, 5, 1), lender="乙银行")
    make_loan(
        firm, "4000000", D(2024, 6, 1), lender="甲银行", status="repaid", closed_on=D(2025, 7, 1)
    )
    response = page(login(office), "overview", year=2025)
    overview = response.context["overview"]
    assert overview.granted == [1_000_000, 2_000_000, 0, 0]
    assert overview.outstanding == [5_000_000, 7_000_000, 3_000_000, 3_000_000]
    assert [b.lender for b in overview.banks] == ["乙银行", "甲银行"]
    html = response.content.decode()
    assert 'id="finance-data"' in html and "js/finance." in html
    assert "<script>" not in html.replace(" ", "")


# Lists answer in a fixed number of queries


@pytest.mark.parametrize("persona", ["alice", "office"])
@pytest.mark.parametrize("name", ["enterprise-list", "loan-list", "insurance-list"])
def test_it_lists_in_a_constant_number_of_queries(request, login, persona, name, market, town):
    client = login(request.getfixturevalue(persona))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert page(client, name).status_code == 200
        return len(queries)

    def add(first, n):
        for serial in range(first, first + n):
            enterprise = make_enterprise(market, serial, town=town)
            make_loan(enterprise)
            enterprise.insurance.create(
                bureau=market,
                kind="other",
                insurer="保险",
                premium=1,
                coverage=1,
                starts_on=D(2025, 1, 1),
                ends_on=D(2025, 12, 31),
            )

    add(100, 2)
    count()  # the first request of a session reads a few things once
    few = count()
    add(200, 20)
    assert count() == few


def test_it_exports_formula_looking_text_as_text(login, alice, market):
    make_enterprise(market, 77, name='=HYPERLINK("http://example.invalid","点我")')
    response = page(login(alice), "enterprise-export")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_it_exports_the_filtered_list_only(login, alice, market):
    make_enterprise(market, 78, name="高新甲", is_high_tech=True)
    make_enterprise(market, 79, name="普通乙")
    rows = workbook_rows(page(login(alice), "enterprise-export", category="high_tech"))
    assert [row[0] for row in rows[1:]] == ["高新甲"]


def test_it_shows_the_enforcement_cases_naming_the_enterprise(login, alice, bob, office, firm):
    from enforcement.models import Case

    def case(number, bureau, creator):
        return Case.objects.create(
            number=number,
            title=f"案件{number}",
            ip_type="trademark",
            proceeding="administrative",
            source="complaint",
            bureau=bureau,
            respondent_name=firm.name,
            respondent_uscc=firm.uscc,
            filed_on=D(2025, 3, 1),
            created_by=creator,
        )

    case("市监-001", alice.bureau, alice)
    case("科技-002", bob.bureau, bob)
    html = page(login(alice), "enterprise-detail", firm.pk).content.decode()
    assert "市监-001" in html and "科技-002" not in html  # cases as alice may see them
    html = page(login(office), "enterprise-detail", firm.pk).content.decode()
    assert "市监-001" in html and "科技-002" in html


@pytest.mark.parametrize("persona", ["office", "leader"])
def test_it_offers_readers_no_spending_form_and_only_the_office_a_note(
    request, login, persona, budget_line
):
    html = page(login(request.getfixturevalue(persona)), "budget", year=2025).content.decode()
    assert budget_line.title in html and "spending-form" not in html
    assert ("note-form" in html) is (persona == "office")


def test_it_lets_staff_change_their_enterprise_keeping_its_code(login, alice, firm):
    response = login(alice).post(
        reverse("finance:enterprise-edit", args=[firm.pk]),
        {"name": "甲示例科技股份有限公司", "uscc": firm.uscc, "is_listed": "on", "ip_status": ""},
    )
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.name == "甲示例科技股份有限公司" and firm.is_listed
