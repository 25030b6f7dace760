"""A forgotten password is reset by e-mail (Django's views, the portal's password rules); the
login page links to it, and every page links to changing one's password."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "Qiang-Shi-2026!"


def test_the_login_page_links_to_the_reset(client):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in html and "忘记密码" in html


def test_every_page_links_to_changing_ones_password(login, alice):
    html = login(alice).get(reverse("home")).content.decode()
    assert f'href="{reverse("password_change")}"' in html and "修改密码" in html


def test_a_reset_by_e_mail_sets_a_new_password(client, alice):
    alice.email = "alice@example.gov.cn"
    alice.save()
    response = client.post(reverse("password_reset"), {"email": "alice@example.gov.cn"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.gov.cn"]
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    weak = client.post(form.redirect_chain[-1][0], {"new_password1": "abc", "new_password2": "abc"})
    assert weak.status_code == 200  # the portal's password rules apply here too
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    alice.refresh_from_db()
    assert alice.check_password(NEW) and not alice.check_password(PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.gov.cn"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
