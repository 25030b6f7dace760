"""The pages the benchmark times answer with the same number of queries whatever the size of the
registers: measured on generated data at two scales, five times apart."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from synthetic.generate import generate
from targets.services import progress_compute

UNTIL = datetime.date(2026, 11, 20)
PAGES = {
    "office": ["/dashboard/", "/cases/?status=closed&ip_type=trademark&page=2", "/cases/"],
    "staff": ["/dashboard/bureau/", "/cases/?status=closed"],
}


def queries_per_page(client, user) -> dict[str, int]:
    client.force_login(user)
    out = {}
    for url in PAGES[user.role]:
        client.get(url)  # anything a first visit sets up (session, caches) is not counted
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        out[url] = len(captured)
    return out


def measured(client, office, alice, scale: float) -> dict:
    savepoint = transaction.savepoint()
    try:
        generate(scale=scale, seed=1, until=UNTIL, log=lambda *a: None)
        progress_compute(trigger="test", today=UNTIL)
        return {**queries_per_page(client, office), **queries_per_page(client, alice)}
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.mark.django_db
def test_dashboards_and_case_list_keep_their_query_count_as_registers_grow(client, office, alice):
    small = measured(client, office, alice, 0.01)
    large = measured(client, office, alice, 0.05)
    assert small == large
