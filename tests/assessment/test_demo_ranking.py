"""On the demo data the ranking is one the office could defend (docs/rules.md R6.3, R6.5)."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from reports import assessment
from targets.periods import ensure_period, running_quarter
from tasks_registry.models import OwnershipRole, TaskOwnership, TaskReport
from workflow.models import SubmissionState

pytestmark = pytest.mark.django_db


def test_no_unit_without_obligations_is_ranked_and_early_reports_cost_nothing(settings):
    """Every ranked unit owes something; 区市场监管局 approving a running-quarter report early, at
    a low percent, changes none of its points."""
    settings.DEBUG = True
    call_command("load_demo")
    today = timezone.localdate()
    before = assessment.assess(today.year)
    for line in before.lines:
        if line.rank is not None:
            owes = [s for s in line.scores if s.applicable and s.criterion.code != "activities"]
            assert owes, f"{line.bureau} is ranked with nothing to assess"
        else:
            assert line.total is None
    assert any(line.rank is None for line in before.lines)  # units with no part are listed

    market = next(line for line in before.lines if line.bureau.code == "market")
    task = TaskOwnership.objects.filter(bureau=market.bureau, role=OwnershipRole.LEAD).first().task
    TaskReport.objects.update_or_create(
        task=task,
        bureau=market.bureau,
        period=ensure_period(*running_quarter()),
        defaults={
            "work_done": "提前报送",
            "percent_complete": 10,
            "state": SubmissionState.APPROVED,
            "submitted_at": timezone.now(),
        },
    )
    after = assessment.assess(today.year).line(market.bureau.pk)
    assert after.total == market.total
    assert [s.points for s in after.scores] == [s.points for s in market.scores]
