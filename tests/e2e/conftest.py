"""Playwright driving Debian's Chromium (never a downloaded browser) against the live server."""

import os

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "artifacts")

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _static_from_finders(settings):
    """The live server serves static files through the finders, which know no hashed names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def browser_login(page):
    """Log in through the real login form: browser_login(alice)."""

    def _login(user):
        page.goto("/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]:not([name=language])")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return _login


def screenshot(page, name: str) -> str:
    """Save a full-page screenshot under tests/artifacts/ for a person to look at."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.abspath(os.path.join(ARTIFACTS, f"{name}.png"))
    page.screenshot(path=path, full_page=True)
    return path


def nav(page, selector: str) -> None:
    """Follow a link of the navigation bar, opening its drop-down first when it is in one."""
    link = page.locator("#main-nav").locator(selector).first
    if not link.is_visible():
        dropdown = page.locator("#main-nav li.dropdown").filter(has=page.locator(selector))
        dropdown.locator(".dropdown-toggle").first.click()
    link.click()
    page.wait_for_load_state()
