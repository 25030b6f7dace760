"""Personas for every role, as in healthchecks' tests: staff of the owning bureau (alice), staff of
another bureau (bob), the office, a leader, an administrator; anonymous is the plain client."""

import pytest
from django.core.cache import cache, caches

from bureaus.models import Bureau, Role, User
from core.demo import CACHE_KEY as DEMO_CACHE_KEY
from tests.databases import django_db_modify_db_settings, django_db_setup  # noqa: F401

PASSWORD = "Test@2026pass"


@pytest.fixture(autouse=True)
def _fresh_dashboard_cache():
    """Each test's database is rolled back, the dashboards' version stamp with it: a page an
    earlier test cached under the same stamp must not answer for this one."""
    caches["dashboards"].clear()
    # Nor may an earlier test's demo mark (R4.5): every test starts without demo data.
    cache.set(DEMO_CACHE_KEY, False)


def make_user(username: str, role: Role, bureau: Bureau | None) -> User:
    user = User(username=username, role=role, bureau=bureau, first_name=username)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def market(db) -> Bureau:
    """The office's own bureau, loaded with the programme by the post-migrate step."""
    return Bureau.objects.get(code="market")


@pytest.fixture
def science(db) -> Bureau:
    return Bureau.objects.get(code="science")


@pytest.fixture
def alice(market) -> User:
    """Bureau staff of 区市场监管局, which reports most figures and leads most tasks."""
    return make_user("alice", Role.STAFF, market)


@pytest.fixture
def bob(science) -> User:
    """Bureau staff of another bureau (区科技局)."""
    return make_user("bob", Role.STAFF, science)


@pytest.fixture
def office(market) -> User:
    return make_user("office", Role.OFFICE, market)


@pytest.fixture
def leader(db) -> User:
    return make_user("leader", Role.LEADER, None)


@pytest.fixture
def security_admin(db) -> User:
    """安全管理员: accounts' security settings, nothing else (三员分立)."""
    return make_user("guard", Role.SECURITY_ADMIN, None)


@pytest.fixture
def admin_user(db) -> User:
    user = make_user("root", Role.ADMIN, None)
    user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def login(client):
    """Log the client in as a persona: login(alice)."""

    def _login(user: User):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """A real `celery worker` process on the configured broker, using this test's database."""
    from tests.celery_worker import WorkerProcess

    worker = WorkerProcess(tmp_path / "worker.log")
    try:
        worker.wait_ready()
        yield worker
    finally:
        worker.stop()


@pytest.fixture
def real_password_hasher(settings):
    """The production hashers (ipcity.settings), for the tests that are about passwords
    themselves; the tests' own hasher stays last, so hashes made before it (the personas') still
    verify and are upgraded."""
    from ipcity import settings as production

    settings.PASSWORD_HASHERS = [*production.PASSWORD_HASHERS, *settings.PASSWORD_HASHERS]
