"""IP finance in Chromium: staff register an enterprise, record a pledge loan and its interest
subsidy; the office then sees the financing on its finance page, drawn by ECharts."""

from decimal import Decimal

import pytest
from django.utils import timezone

from bureaus.models import Bureau, BureauKind
from bureaus.validators import uscc_check_character
from finance.clusters import seed_clusters
from finance.models import Enterprise, IndustryCluster, InterestSubsidy, PledgeLoan, SubsidyPolicy
from tests.e2e.conftest import nav, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year
CODE17 = "91500000MA7E2E001"
CODE = CODE17 + uscc_check_character(CODE17)


@pytest.fixture
def setting(db):
    # A transactional test starts from a flushed database: the migration's clusters are gone.
    seed_clusters(IndustryCluster)
    Bureau.objects.get_or_create(
        code="town-e2e", defaults={"name": "示例镇", "kind": BureauKind.TOWN, "order": 1001}
    )
    SubsidyPolicy.objects.create(
        year=YEAR, share=Decimal("50"), cap_per_enterprise=Decimal("200000")
    )


def test_it_lets_staff_register_a_loan_with_a_subsidy_for_the_office_to_see(
    page, browser_login, alice, office, setting
):
    browser_login(alice)
    nav(page, "text=知识产权金融")
    page.click("#register-enterprise")

    # A wrong check character is refused beside the field, with what was typed kept.
    wrong = CODE[:17] + ("0" if CODE[17] != "0" else "1")
    page.fill("input[name=name]", "示例端到端科技有限公司")
    page.fill("input[name=uscc]", wrong)
    page.select_option("select[name=town]", label="示例镇")
    page.select_option("select[name=cluster]", label="电子信息")
    page.check("input[name=is_high_tech]")
    page.click("#save")
    assert page.locator(".field-error[data-field=uscc]").is_visible()
    screenshot(page, "finance-enterprise-refused")

    page.fill("input[name=uscc]", f"{CODE[:8]} {CODE[8:].lower()}")
    page.click("#save")
    page.wait_for_url("**/finance/enterprises/*/")
    assert page.locator("#enterprise-name").inner_text() == "示例端到端科技有限公司"
    enterprise = Enterprise.objects.get(uscc=CODE)

    # A pledge loan for it, from its page.
    page.click("#add-loan")
    page.fill("input[name=lender]", "示例农商银行城区支行")
    page.fill("input[name=amount]", "3650000")
    page.fill("input[name=rate]", "3.65")
    page.fill("input[name=start_date]", f"{YEAR}-01-01")
    page.fill("input[name=maturity_date]", f"{YEAR + 1}-01-01")
    page.fill("textarea[name=patent_numbers]", "ZL 2023 1 0123456.6\nCN201710601862.3")
    page.fill("textarea[name=trademark_numbers]", "第12345678号")
    page.click("#save")
    page.wait_for_url("**/finance/loans/*/")
    loan = PledgeLoan.objects.get(enterprise=enterprise)
    assert "ZL202310123456.6" in page.locator("#loan-patents").inner_text()

    # Its subsidy: above the share of the interest due it is refused, at the limit saved.
    page.click("#add-subsidy")
    page.fill("input[name=interest_from]", f"{YEAR}-01-01")
    page.fill("input[name=interest_to]", f"{YEAR}-01-10")
    page.fill("input[name=applied_amount]", "1825")
    page.fill("input[name=applied_on]", f"{YEAR}-01-15")
    page.fill("input[name=approved_amount]", "1900")
    page.fill("input[name=approved_on]", f"{YEAR}-01-20")
    page.click("#save")
    assert "1825.00" in page.locator(".field-error[data-field=approved_amount]").inner_text()
    page.fill("input[name=approved_amount]", "1825")
    page.click("#save")
    page.wait_for_url(f"**/finance/loans/{loan.pk}/")
    assert page.locator("#loan-subsidies .subsidy-row").count() == 1
    assert InterestSubsidy.objects.get(loan=loan).approved_amount == Decimal("1825")
    screenshot(page, "finance-loan-staff")

    # The office: the loan shows on the finance page, by quarter and bank, with charts.
    page.click("form[action$='/logout/'] button")
    browser_login(office)
    nav(page, "text=知识产权金融")
    page.wait_for_selector("#chart-granted svg")
    row = page.locator("#bank-table .bank-row[data-lender='示例农商银行城区支行']")
    assert "3,650,000.00" in row.inner_text()
    assert "1,825.00" in page.locator("#subsidy-approved").inner_text()
    assert page.locator("#chart-outstanding svg").count() == 1
    screenshot(page, "finance-overview-office")

    # The office reads the enterprise but is offered no way to change it.
    page.goto(enterprise.get_absolute_url())
    assert page.locator("#edit-enterprise").count() == 0
    assert "示例农商银行城区支行" in page.locator("#enterprise-loans").inner_text()
    screenshot(page, "finance-enterprise-office")


def test_it_draws_the_demo_financing_for_the_office(page, browser_login, market, science, setting):
    from bureaus.models import Role
    from finance.demo import load_demo_finance
    from tests.conftest import make_user

    staff = make_user("market", Role.STAFF, market)
    make_user("science", Role.STAFF, science)
    office = make_user("office", Role.OFFICE, market)
    load_demo_finance(timezone.localdate())

    browser_login(office)
    page.goto(f"/finance/?year={YEAR - 1}")
    page.wait_for_selector("#chart-budget svg")
    assert page.locator("#bank-table .bank-row").count() >= 3
    screenshot(page, "finance-overview-demo")

    page.click("form[action$='/logout/'] button")
    browser_login(staff)
    page.goto(f"/finance/budget/?year={YEAR}")
    assert page.locator("#budget-table .budget-row").count() == 5
    screenshot(page, "finance-budget-staff")
    page.goto("/finance/loans/")
    screenshot(page, "finance-loans-staff")
