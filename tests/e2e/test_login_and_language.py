"""Staff log in through the real form in Chromium, see the programme, read it in English."""

import pytest

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_log_in_see_the_19_tasks_and_switch_to_english(page, browser_login, alice):
    page.goto("/")
    assert "/accounts/login/" in page.url
    assert page.locator("h1").inner_text() == "登录"

    browser_login(alice)
    assert page.locator("h1").first.inner_text() == "国家知识产权强市建设试点：2026年目标与重点任务"
    assert page.locator("tr.key-task").count() == 19
    assert (
        page.locator("tr.key-task[data-number='17']").inner_text().count("加强知识产权人才队伍建设")
    )
    assert page.locator(".indicator[data-code='2.1']").inner_text().endswith("≥ 900 件")
    nav = page.locator("#main-nav").text_content()
    assert "工作方案" in nav and "管理后台" not in nav
    screenshot(page, "home-zh")

    page.click("#language-switch button[value=en]")
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == (
        "National IP-strong-city pilot: 2026 targets and key tasks"
    )
    assert "Key tasks" in page.locator("#main-nav").text_content()
    # The plan's own texts stay in Chinese, as written.
    assert page.locator("tr.key-task").first.inner_text().count("强化部门协同管理机制")
    screenshot(page, "home-en")

    page.click("#language-switch button[value=zh-hans]")
    page.wait_for_load_state()
    assert "重点任务" in page.locator("#main-nav").text_content()


def test_a_wrong_password_shows_a_chinese_error_and_keeps_the_username(page, alice):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]:not([name=language])")
    assert "请输入一个正确的" in page.locator(".alert-danger").inner_text()
    assert page.input_value("input[name=username]") == "alice"
