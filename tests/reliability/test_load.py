"""Issue #9: fifty bureau staff save and submit figures for a minute through a real gunicorn.

Production settings, two sync workers recycled by max-requests as in the Dockerfile, real logins
through the form, the REST API with session and CSRF. No answer may be a 5xx, and the database must
hold exactly what the server accepted: as many figures, versions, history rows and transitions, and
each figure's last accepted value. 409s (a colleague's figure, a stale version, already submitted)
are the workflow's legitimate answers and are counted, not failed.

LOAD_USERS and LOAD_SECONDS change the size (defaults 50 and 60).
"""

import json
import os

import pytest

from bench.load import run_figure_load, verify_figures
from targets.models import Figure
from workflow.models import Transition

USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))

pytestmark = pytest.mark.load


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
