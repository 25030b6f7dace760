"""In Chromium: an office user whose role requires a second factor enrols by reading the secret
off the page (as a person would type it into an app), logs out, and logs in again with a code."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from bureaus.models import Role, SecondFactorRequirement
from tests.conftest import PASSWORD

from .conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_enrols_then_asks_for_the_code_at_the_next_login(page, browser_login, office):
    SecondFactorRequirement.objects.update_or_create(role=Role.OFFICE, defaults={"required": True})
    browser_login(office)
    page.wait_for_url("**/accounts/second-factor/enrol/**")
    assert page.locator("#totp-qr svg").is_visible()
    key = b32decode(page.locator("#totp-secret").inner_text().replace(" ", ""))
    screenshot(page, "totp-enrol")

    page.fill("input[name=code]", "000000" if totp(key) != 0 else "111111")
    page.click("#second-factor-form button[type=submit]")
    assert page.locator(".code-error").is_visible()
    assert not TOTPDevice.objects.filter(user=office).exists()

    page.fill("input[name=code]", f"{totp(key):06d}")
    page.click("#second-factor-form button[type=submit]")
    page.wait_for_url(lambda url: "/second-factor/" not in url)
    assert TOTPDevice.objects.get(user=office).confirmed
    enrolled_step = int(time.time()) // 30

    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/**")
    page.fill("input[name=username]", office.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]:not([name=language])")
    page.wait_for_url("**/accounts/second-factor/verify/**")
    assert page.locator("#main-nav li").count() == 0  # no menu before the code
    screenshot(page, "totp-verify")

    # A code is accepted once: wait for the app's next one, as a person would.
    while int(time.time()) // 30 <= enrolled_step:
        time.sleep(0.5)
    page.fill("input[name=code]", f"{totp(key):06d}")
    page.click("#second-factor-form button[type=submit]")
    page.wait_for_url(lambda url: "/second-factor/" not in url and "/login/" not in url)
    assert page.locator("#current-user").inner_text() == office.first_name
    page.locator("#current-user").click()
    page.wait_for_url("**/accounts/second-factor/")
    assert page.locator("#second-factor-status.text-success").is_visible()
