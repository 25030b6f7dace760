"""Every state change needs a CSRF token (ASVS V4.2.2, V13.2.3): every POST form in every template
carries one, and the middleware refuses a session POST without it on pages and on the API."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S | re.I)
POST = re.compile(r"""method\s*=\s*["']?post""", re.I)


def post_forms_without_token(text: str) -> list[str]:
    return [
        form[:80]
        for form in FORM.findall(text)
        if POST.search(form[: form.find(">") + 1]) and "{% csrf_token %}" not in form
    ]


def templates() -> list[Path]:
    roots = [Path(d) for t in settings.TEMPLATES for d in t["DIRS"]]
    roots += [p.parent for p in Path(settings.BASE_DIR).glob("*/templates/")]
    return sorted(p for root in roots for p in root.rglob("*.html"))


def test_every_post_form_in_every_template_carries_a_csrf_token():
    found = templates()
    assert len(found) > 50  # the walk found the templates
    missing = {str(p): forms for p in found if (forms := post_forms_without_token(p.read_text()))}
    assert missing == {}


def test_it_would_notice_a_form_without_a_token():
    assert post_forms_without_token('<form method="post"><button>删除</button></form>')
    assert not post_forms_without_token('<form method="get"><input name="q"></form>')


@pytest.fixture
def strict_client(alice) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    return client


def test_a_page_post_without_the_token_is_refused(strict_client):
    response = strict_client.post(reverse("notifications:mark-read"))
    assert response.status_code == 403


def test_a_session_api_post_without_the_token_is_refused(strict_client):
    response = strict_client.post(
        "/api/v1/figures/", {"indicator": "2.1"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_the_login_form_itself_needs_the_token(alice):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": alice.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
