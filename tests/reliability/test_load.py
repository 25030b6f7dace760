"""Issue #9: fifty bureau staff save and submit figures for a minute through a real gunicorn.

Production settings, two sync workers with the Dockerfile's timeout and max-requests, real logins
through the form, the REST API with session and CSRF. No answer may be a 5xx, and the database must
hold exactly what the server accepted: as many figures, versions, history rows and transitions, and
each figure's last accepted value. 409s (a colleague's figure, a stale version, already submitted)
are the workflow's legitimate answers and are counted, not failed.

LOAD_USERS and LOAD_SECONDS change the size (defaults 50 and 60).
"""

import json
import os
from decimal import Decimal

import pytest
from django.utils import timezone

from bench.load import Accepted, Ledger, run_figure_load, verify_figures
from bureaus.models import Role
from targets.models import Figure
from targets.periods import ensure_period, running_quarter
from tests.conftest import make_user
from workflow.kinds import owed_figures
from workflow.models import Transition
from workflow.services import save_draft

USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))


@pytest.mark.load
def test_staff_submitting_figures_under_load_get_no_5xx_and_lose_nothing(transactional_db):
    figures, history, transitions = (
        Figure.objects.count(),
        Figure.history.count(),
        Transition.objects.count(),
    )

    result = run_figure_load(USERS, SECONDS)

    summary, ledger = result["summary"], result["ledger"]
    print(json.dumps(summary, indent=1))  # the run's figures, in the test log (pytest -s)
    assert summary["errors"] == 0, summary["statuses"]
    assert summary["server_errors_logged"] == 0
    # Every answer is an acceptance or the workflow's conflict: no 400, 403 or 404 either.
    assert set(summary["statuses"]) <= {200, 201, 409}, summary["statuses"]
    accepted = summary["accepted"]
    assert accepted.get("create", 0) >= USERS // 2, accepted  # the load did write
    assert accepted.get("save", 0) > 0 and accepted.get("submit", 0) > 0, accepted
    if USERS >= 10:  # several users per bureau share the open period's figures
        assert any(key.endswith(" 409") for key in summary["refused"]), summary["refused"]

    # Count matches: one figure per accepted create, one history row per accepted write, one
    # transition per accepted create or submit.
    assert Figure.objects.count() - figures == accepted["create"]
    assert Figure.history.count() - history == len(ledger.accepted)
    assert Transition.objects.count() - transitions == accepted["create"] + accepted["submit"]
    # And figure by figure: no lost or doubled version, the last accepted value stored.
    assert verify_figures(ledger) == []


def test_the_check_notices_a_lost_write_and_a_changed_value(market):
    """verify_figures against writes made here: it agrees with a true ledger and not otherwise."""
    ledger = Ledger(started=timezone.now())
    staff = make_user("load-check", Role.STAFF, market)
    indicator = next(i for i, _bureau in owed_figures(market.pk))
    figure = Figure(indicator=indicator, bureau=market, period=ensure_period(*running_quarter()))
    save_draft(figure, user=staff, data={"value": Decimal(5)})
    true_ledger = [Accepted(figure.pk, 1, "create", Decimal(5), "draft")]
    save_draft(figure, user=staff, data={"value": Decimal(7)}, version=1)
    true_ledger.append(Accepted(figure.pk, 2, "save", Decimal(7), "draft"))

    ledger.accepted = true_ledger
    assert verify_figures(ledger) == []

    ledger.accepted = true_ledger[:1]  # the second write answered 2xx but is not in the ledger
    assert len(verify_figures(ledger)) == 2  # the history's versions and the current version

    ledger.accepted = true_ledger
    Figure.objects.filter(pk=figure.pk).update(value=Decimal(8))  # a write without history
    assert verify_figures(ledger) == [
        f"figure {figure.pk}: holds version 2 8.0000 draft, the last accepted 2 7 draft"
    ]
