"""The case register in Chromium: staff register a case, record every step to closing, and the
office sees it counted in the statistics, with the charts drawn."""

import pytest

from enforcement.models import Case
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FLOW = ["investigating", "legal_review", "decided", "publicised", "closed"]


def test_it_registers_a_case_walks_it_to_closing_and_counts_it(browser_login, alice, office):
    page = browser_login(alice)
    page.goto("/cases/")
    page.click("#register-case")
    page.fill("#id_number", "市监知处〔2026〕88号")
    page.fill("#id_title", "某商贸公司销售侵犯注册商标专用权商品案")
    page.select_option("#id_ip_type", "trademark")
    page.select_option("#id_proceeding", "administrative")
    page.select_option("#id_source", "ecommerce")
    page.fill("#id_respondent_name", "某某商贸有限公司")
    page.fill("#id_respondent_uscc", "91350100M000100Y44")  # a wrong check character
    page.fill("#id_fine", "35000")
    page.click("#case-form button[type=submit]")
    error = page.locator('.field-error[data-field="respondent_uscc"]')
    assert error.is_visible()
    screenshot(page, "cases-form-uscc-error")
    page.fill("#id_respondent_uscc", "91350100M000100Y43")
    page.click("#case-form button[type=submit]")
    page.wait_for_selector("#timeline")
    case = Case.objects.get()
    assert page.url.endswith(case.get_absolute_url())

    for status in FLOW:
        page.select_option("#id_to_status", status)
        page.fill("#id_note", f"记录：{status}")
        page.click("#step-form button[type=submit]")
        page.wait_for_selector(f'.timeline-step[data-to="{status}"]')
    assert page.locator(".timeline-step").count() == 1 + len(FLOW)
    assert page.locator("#step-form #id_to_status option").count() == 1  # nothing after closed
    screenshot(page, "cases-detail-closed")
    case.refresh_from_db()
    assert case.status == "closed" and case.decided_on and case.closed_on

    page.goto("/cases/?status=closed")
    assert page.locator(".case-row").count() == 1
    screenshot(page, "cases-list")

    page.context.clear_cookies()
    page = browser_login(office)
    page.goto("/cases/statistics/")
    assert page.locator("#stat-total").inner_text().strip() == "1"
    assert page.locator("#stat-closed").inner_text().strip() == "1"
    assert page.locator("#stat-fine").inner_text().replace(",", "").startswith("35000")
    page.wait_for_selector('.case-chart[data-drawn="true"]')
    drawn = page.eval_on_selector_all(
        ".case-chart", "els => els.map(el => el.querySelectorAll('svg path').length)"
    )
    assert all(n > 0 for n in drawn)
    screenshot(page, "cases-statistics")
