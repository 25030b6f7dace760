"""Security headers on every response, no inline script in any template, and generic error pages
in Chinese that show no traceback."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = [Path(settings.BASE_DIR) / "templates"] + [
    p for p in Path(settings.BASE_DIR).glob("*/templates") if ".venv" not in p.parts
]
# A <script> element without a src (inline code), an on…= event-handler attribute, a javascript:
# URL: all refused by the Content-Security-Policy, so none may be in a template.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)


def templates():
    for directory in TEMPLATE_DIRS:
        yield from sorted(directory.rglob("*.html"))


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = (d.strip().split() for d in policy.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def test_it_sends_the_security_headers_with_a_page(login, alice):
    response = login(alice).get("/")
    assert response.status_code == 200
    csp = directives(response)
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_it_sends_hsts_over_https(client):
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_it_sends_the_policy_with_the_login_and_api_docs_pages(client, login, office):
    assert "script-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]
    docs = login(office).get(reverse("api-docs"))
    assert docs.status_code == 200
    assert not INLINE_SCRIPT.search(docs.content.decode())  # Swagger's start-up is a file


def test_it_finds_no_inline_script_in_any_template():
    found = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, JS_URL):
            found += [f"{path.relative_to(settings.BASE_DIR)}: {m}" for m in pattern.findall(text)]
    assert list(templates()), "no templates found"
    assert found == []


def test_it_would_find_inline_script():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert INLINE_SCRIPT.search('<script type="module">x()</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/js/dashboard.js" defer></script>')
    assert HANDLER.search('<button class="btn" onclick="go()">')
    assert not HANDLER.search('<div class="section" data-on="x">')


def test_it_shows_a_generic_chinese_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面没有找到" in html and 'lang="zh-CN"' in html
    assert "urlpatterns" not in html and "Traceback" not in html


def test_it_shows_a_generic_chinese_403_page(login, alice):
    response = login(alice).get(reverse("audit:events"))
    assert response.status_code == 403
    assert "禁止访问" in response.content.decode()


def test_it_shows_a_500_page_without_traceback(settings):
    settings.ROOT_URLCONF = "tests.security.error_urls"
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器错误" in html
    assert "Traceback" not in html and "secret internals" not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]
