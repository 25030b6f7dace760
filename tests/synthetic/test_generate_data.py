"""manage.py generate_data at a tiny scale: the counts, the determinism of a seed, valid records,
and the guards that keep it away from production data."""

import datetime
import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction

from bureaus.models import Bureau, BureauKind, User
from bureaus.validators import validate_uscc
from enforcement.models import Case, CaseStep, Transfer
from finance.models import Enterprise, PledgeLoan
from synthetic.generate import SYNTHETIC_PREFIX, generate
from targets.models import Figure, Progress
from tasks_registry.models import Activity, TaskOwnership, TaskReport

UNTIL = datetime.date(2026, 11, 20)
SCALE = 0.01


def quiet(*args):
    pass


def snapshot() -> dict:
    """What the generator decided, independent of anything else in the database."""
    return {
        "cases": list(
            Case.objects.order_by("number").values_list(
                "number", "title", "status", "filed_on", "closed_on", "fine", "respondent_name"
            )
        ),
        "steps": list(
            CaseStep.objects.order_by("case__number", "at", "id").values_list(
                "case__number", "kind", "to_status", "happened_on"
            )
        ),
        "enterprises": list(Enterprise.objects.order_by("uscc").values_list("uscc", "name")),
        "loans": list(
            PledgeLoan.objects.order_by("start_date", "amount", "id").values_list(
                "start_date", "amount", "lender", "patent_numbers"
            )
        ),
        "activities": list(
            Activity.objects.order_by("date", "title", "id").values_list(
                "date", "kind", "person_times"
            )
        ),
        "figures": list(Figure.objects.order_by("id").values_list("value", "state")),
    }


def run(seed: int) -> dict:
    generate(scale=SCALE, seed=seed, until=UNTIL, log=quiet)
    return snapshot()


@pytest.mark.django_db
def test_counts_follow_the_scale():
    counts = generate(scale=SCALE, seed=1, until=UNTIL, log=quiet)
    assert Case.objects.count() == counts["enforcement.Case"] == 20
    assert Enterprise.objects.count() == 20
    assert PledgeLoan.objects.count() == 10
    assert Activity.objects.count() == 30
    # Roughly five steps a case: every case has its filing step, old ones the whole flow.
    assert 20 <= CaseStep.objects.count() <= 20 * 8
    assert not Case.objects.exclude(steps__to_status="filed").exists()
    # ≈40 units: the programme's bureaus and generated towns, each with a synthetic user.
    assert 38 <= Bureau.objects.count() <= 45
    assert Bureau.objects.filter(kind=BureauKind.TOWN).count() >= 20
    assert User.objects.filter(username__startswith=SYNTHETIC_PREFIX).count() == (
        Bureau.objects.count() + 2
    )
    # Every owed task report for every quarter from 2019Q1 to the quarter of UNTIL (32).
    assert TaskReport.objects.count() == TaskOwnership.objects.count() * 32
    assert Figure.objects.values("period").distinct().count() == 32
    assert len({c.filed_on.year for c in Case.objects.all()} | {2019}) >= 5


@pytest.mark.django_db
def test_same_seed_same_data_other_seed_other_data():
    first = transaction.savepoint()
    a = run(7)
    transaction.savepoint_rollback(first)
    second = transaction.savepoint()
    b = run(7)
    transaction.savepoint_rollback(second)
    c = run(8)
    assert a == b
    assert a["cases"] != c["cases"]
    assert a["enterprises"] != c["enterprises"]


@pytest.mark.django_db
def test_a_sample_passes_model_validation():
    generate(scale=0.05, seed=3, until=UNTIL, log=quiet)
    sample = random.Random(0)  # noqa: S311
    models = [Case, Enterprise, PledgeLoan, Activity, Transfer, Figure, TaskReport]
    for model in models:
        rows = list(model.objects.all())
        assert rows, model
        for row in sample.sample(rows, min(10, len(rows))):
            try:
                row.full_clean(validate_unique=False)
            except ValidationError as error:
                pytest.fail(f"{model.__name__} {row.pk}: {error.message_dict}")
    for enterprise in Enterprise.objects.all():
        validate_uscc(enterprise.uscc)
    # States are spread across the flow and the workflow, not all the same.
    assert Case.objects.order_by().values("status").distinct().count() >= 3
    assert TaskReport.objects.order_by().values("state").distinct().count() >= 3
    open_cases = Case.objects.exclude(status="closed")
    assert all(c.filed_on > datetime.date(2025, 1, 1) for c in open_cases.filter(status="filed"))


@pytest.mark.django_db
def test_the_command_refuses_without_debug_and_on_real_data(settings, alice):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("generate_data", "--scale", "0.01")
    Activity.objects.create(
        kind="event", title="real", date=UNTIL, bureau=alice.bureau, audience="public",
        created_by=alice,
    )  # fmt: skip
    with pytest.raises(CommandError, match="real data"):
        call_command("generate_data", "--scale", "0.01", "--i-know-this-writes")
    assert not Case.objects.exists()
    call_command(
        "generate_data", "--scale", "0.01", "--i-know-this-writes", "--force",
        "--until", "2026-11-20", stdout=io.StringIO(),
    )  # fmt: skip
    assert Case.objects.count() == 20
    assert Progress.objects.exists()
    with pytest.raises(CommandError, match="already"):
        call_command("generate_data", "--scale", "0.01", "--i-know-this-writes", "--force")
