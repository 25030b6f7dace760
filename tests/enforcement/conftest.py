"""Cases for the personas of tests/conftest.py: alice's bureau (区市场监管局) handles them; bob
(区科技局) is the outsider; court and police staff receive transfers or handle their own."""

import datetime
from decimal import Decimal

import pytest

from bureaus.models import Bureau, BureauKind, Role
from enforcement import services
from tests.conftest import make_user

FILED = datetime.date(2026, 3, 2)


@pytest.fixture
def court_user(db):
    return make_user("carol", Role.STAFF, Bureau.objects.get(code="court"))


@pytest.fixture
def police(db):
    return Bureau.objects.get(code="public_security")


@pytest.fixture
def police_user(police):
    return make_user("pete", Role.STAFF, police)


@pytest.fixture
def town(db):
    return Bureau.objects.create(code="town-x", name="甲镇", kind=BureauKind.TOWN, order=1001)


def case_data(**overrides):
    data = {
        "number": "市监知处〔2026〕1号",
        "title": "某公司销售侵犯注册商标专用权商品案",
        "ip_type": "trademark",
        "proceeding": "administrative",
        "source": "complaint",
        "respondent_name": "某某商贸有限公司",
        "respondent_is_company": True,
        "respondent_uscc": "91350100M000100Y43",
        "right_holder": "某某集团",
        "filed_on": FILED,
        "fine": Decimal("20000"),
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_case():
    def _make(user, **overrides):
        return services.case_create(user=user, data=case_data(**overrides))

    return _make


@pytest.fixture
def case(alice, make_case):
    return make_case(alice)


def walk(case, user, *statuses, start=FILED):
    """Advance a case through statuses, a few days apart."""
    day = start
    for status in statuses:
        day += datetime.timedelta(days=10)
        services.case_advance(case, user=user, to_status=status, happened_on=day)
    return case
