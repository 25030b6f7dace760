"""Simultaneous writes through a real server get real answers, never a 500 "database is locked".

On the embedded default (SQLite) every write transaction takes the write lock when it begins and
waits for it (settings: IMMEDIATE transactions, a busy timeout, WAL); on PostgreSQL the row locks
do the same. Two gunicorn workers with eight threads each, every clerk released at one instant.
"""

import threading
from decimal import Decimal

import pytest

from bench.load import Recorder, ensure_users, gunicorn, log_in_all, run_threads
from bureaus.models import Bureau, Role
from enforcement.models import Case
from finance.models import BudgetLine, Purpose, Spending
from tests.enforcement.conftest import case_data

CLERKS = 10
ARGS = ["--workers", "2", "--threads", "8", "--timeout", "60"]


@pytest.fixture
def clerks(transactional_db):
    market = Bureau.objects.get(code="market")
    names = [f"clerk{i}" for i in range(CLERKS)]
    password = ensure_users([(name, Role.STAFF, market.pk) for name in names])
    return market, names, password


def all_at_once(sessions, request):
    """Each session sends its request when every other one is ready to; their statuses."""
    gate = threading.Barrier(len(sessions))
    statuses = [None] * len(sessions)

    def job(i, session):
        gate.wait()
        statuses[i] = request(i, session).status

    run_threads([lambda i=i, s=s: job(i, s) for i, s in enumerate(sessions)])
    return statuses


def test_it_answers_every_simultaneous_save_and_keeps_every_one(clerks, tmp_path):
    market, names, password = clerks
    line = BudgetLine.objects.create(
        bureau=market, year=2026, purpose=Purpose.PUBLICITY, title="宣传经费",
        allocated=Decimal("100000"),
    )  # fmt: skip
    with gunicorn(tmp_path / "gunicorn.log", ARGS) as (host, port):
        sessions = log_in_all(host, port, Recorder(), names, password)
        spent = all_at_once(
            sessions,
            lambda i, s: s.request(
                "POST", f"/finance/budget/{line.pk}/spending/", "spend",
                form={"spent_on": "2026-05-01", "amount": "100", "description": f"第{i}笔"},
            ),
        )  # fmt: skip
        filed = all_at_once(
            sessions,
            lambda i, s: s.request(
                "POST", "/cases/new/", "file a case",
                form={
                    **{k: v for k, v in case_data().items() if v not in (False, None)},
                    "number": f"市监知处〔2026〕{100 + i}号",
                    "filed_on": "2026-05-01",
                    "respondent_is_company": "on",
                },
            ),
        )  # fmt: skip
    assert spent == [302] * CLERKS
    assert Spending.objects.filter(budget_line=line).count() == CLERKS
    assert filed == [302] * CLERKS
    assert Case.objects.filter(bureau=market).count() == CLERKS
