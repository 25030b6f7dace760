"""A Redis server of the test's own, to stop and start again, and the app pointed at it."""

import pytest

from ipcity.celery import app
from tests.reliability.brokers import RedisServer, point_app_at


@pytest.fixture
def own_redis(tmp_path, monkeypatch):
    """A stoppable Redis; the app (and any worker started with os.environ) uses it."""
    server = RedisServer(tmp_path)
    original = app.conf.broker_url
    monkeypatch.setenv("REDIS_URL", server.url)
    point_app_at(server.url)
    try:
        yield server
    finally:
        server.stop()
        point_app_at(original)
