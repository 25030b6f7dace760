import datetime
from decimal import Decimal

import pytest
from django.test import Client

from bureaus.models import Role
from targets.models import Figure, Indicator, Period
from tests.conftest import PASSWORD, make_user


@pytest.fixture
def auditor(db):
    return make_user("auditor", Role.AUDITOR, None)


@pytest.fixture
def q3(db) -> Period:
    return Period.objects.create(year=2026, quarter=3, due_date=datetime.date(2026, 10, 10))


@pytest.fixture
def draft_figure(alice, q3) -> Figure:
    return Figure.objects.create(
        indicator=Indicator.objects.get(code="2.1"),
        bureau=alice.bureau,
        period=q3,
        value=Decimal("800"),
    )


def logged_in(user, password=PASSWORD, **extra) -> Client:
    """A client logged in through the real login form (axes, signals and all)."""
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": password}, **extra
    )
    assert response.status_code == 302, response.content
    return client
