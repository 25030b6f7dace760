import pytest

pytestmark = pytest.mark.django_db


def test_it_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == "ok"
    assert response.json()["status"] == "ok"


def test_it_reports_degraded_not_down_when_the_broker_is_unreachable(client, settings):
    from ipcity.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 200  # the pages still work: no probe should restart them
    assert response.json()["status"] == "degraded"
    assert response.json()["broker"] == "down"
