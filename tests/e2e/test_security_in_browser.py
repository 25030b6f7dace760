"""In Chromium: the Content-Security-Policy blocks nothing the portal needs (the dashboard's
scripts and charts, Swagger UI), and the auditor filters the audit log."""

import pytest

from bureaus.models import Role
from tests.conftest import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def csp_violations(page) -> list[str]:
    """Chromium reports each blocked script, style or frame on the console; collect those."""
    found = []
    page.on("console", lambda m: found.append(m.text) if "Content Security" in m.text else None)
    return found


def test_it_runs_the_dashboard_and_api_docs_under_the_policy(page, browser_login, office):
    blocked = csp_violations(page)
    browser_login(office)
    page.goto("/dashboard/")
    page.wait_for_load_state("networkidle")
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info", state="attached")
    assert blocked == []


def test_it_lets_the_auditor_filter_the_log_in_the_browser(page, browser_login, alice):
    auditor = make_user("auditor", Role.AUDITOR, None)
    blocked = csp_violations(page)
    browser_login(alice)
    page.context.clear_cookies()
    browser_login(auditor)
    page.goto("/audit/")
    page.fill("#id_username", "alice")
    page.click("#audit-filter button[type=submit]")
    page.wait_for_url("**/audit/?*username=alice*")
    rows = page.locator("#audit-events tbody tr")
    assert rows.count() >= 1 and "alice" in rows.first.inner_text()
    assert blocked == []
