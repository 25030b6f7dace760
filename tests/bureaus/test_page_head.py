"""Every page's head: the modern engine in dual-core browsers, and an icon of the portal's own."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_it_asks_dual_core_browsers_for_their_webkit_engine(client):
    html = client.get("/accounts/login/").content.decode()
    assert '<meta name="renderer" content="webkit">' in html
    assert '<meta http-equiv="X-UA-Compatible" content="IE=edge">' in html


def test_it_names_an_icon_that_exists(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'rel="icon" type="image/svg+xml"' in html and "favicon" in html
    assert finders.find("favicon.svg")
