"""Assessment scores on hand-built data equal a hand computation (see conftest.py)."""

import datetime
from decimal import Decimal

import pytest

from bureaus.models import Bureau
from reports import assessment
from reports.models import AssessmentAdjustment, AssessmentCriterion, CriterionCode
from workflow.services import WorkflowError

from .conftest import AS_OF, MARKET, OTHER_TOTAL, SCIENCE, make_activity

pytestmark = pytest.mark.django_db


def points(line) -> dict:
    return {s.criterion.code: s.points for s in line.scores}


def test_it_seeds_the_default_criteria_adding_up_to_100():
    rows = assessment.criteria()
    assert [c.code for c in rows] == list(CriterionCode.values)
    assert sum(c.weight for c in rows) == Decimal(100)


def test_it_scores_each_criterion_as_computed_by_hand(records, market, science):
    result = assessment.assess(2025, as_of=AS_OF)
    assert [p.quarter for p in result.periods] == [1, 2]
    assert points(result.line(market.pk)) == MARKET
    assert points(result.line(science.pk)) == SCIENCE
    assert result.line(market.pk).total == Decimal("53.00")
    assert result.line(science.pk).total == Decimal("92.00")


def test_it_ranks_best_first_with_shared_ranks(records, market, science):
    result = assessment.assess(2025, as_of=AS_OF)
    assert result.lines[0].bureau == science and result.lines[0].rank == 1
    others = result.lines[1:-1]
    assert {line.total for line in others} == {OTHER_TOTAL}
    assert {line.rank for line in others} == {2}  # equal totals share a rank
    assert result.lines[-1].bureau == market
    assert result.lines[-1].rank == len(result.lines)


def test_every_point_is_traceable_to_its_records(records, market):
    line = assessment.assess(2025, as_of=AS_OF).line(market.pk)
    timeliness = line.score(CriterionCode.TIMELINESS)
    assert len(timeliness.records) == 4 and timeliness.earned == 2
    assert all(r.url.startswith("/reporting/2025Q") for r in timeliness.records)
    supervision = line.score(CriterionCode.SUPERVISION)
    assert [(r.label[11:], r.credit) for r in supervision.records] == [
        ("按期办结", 1),
        ("逾期未办", 0),
    ]
    assert all(r.url.startswith("/programme/supervision/") for r in supervision.records)
    tasks = line.score(CriterionCode.TASK_PROGRESS)
    assert [r.credit for r in tasks.records] == [Decimal("0.4")]
    indicators = line.score(CriterionCode.INDICATORS)
    assert [(r.url, r.credit) for r in indicators.records] == [
        ("/dashboard/indicators/2.1/", Decimal("0.5"))
    ]


def test_changing_a_weight_changes_the_ranking_as_expected(records, market):
    economy_total = OTHER_TOTAL
    before = assessment.assess(2025, as_of=AS_OF)
    economy = next(line for line in before.lines if line.bureau.code == "economy")
    assert economy.total == economy_total and economy.rank < before.line(market.pk).rank
    # Activities weigh 100 points instead of 10: market held one of two, economy none.
    AssessmentCriterion.objects.filter(code=CriterionCode.ACTIVITIES).update(weight=100)
    after = assessment.assess(2025, as_of=AS_OF)
    assert after.line(market.pk).total == Decimal("53.00") - 5 + 50
    economy = next(line for line in after.lines if line.bureau.code == "economy")
    assert economy.total == OTHER_TOTAL  # activities earned it nothing either way
    assert after.line(market.pk).rank < economy.rank


def test_a_zero_weight_drops_a_criterion(records, market):
    AssessmentCriterion.objects.filter(code=CriterionCode.TIMELINESS).update(weight=0)
    line = assessment.assess(2025, as_of=AS_OF).line(market.pk)
    assert line.score(CriterionCode.TIMELINESS).points == 0
    assert line.total == Decimal("43.00")


def test_adjustments_are_recorded_with_reason_and_author(records, market, office):
    adjustment = assessment.adjustment_add(
        year=2025, bureau=market, points=Decimal("-2.5"), reason="通报批评一次", user=office
    )
    assert (adjustment.author, adjustment.reason) == (office, "通报批评一次")
    line = assessment.assess(2025, as_of=AS_OF).line(market.pk)
    assert line.adjustments == [adjustment]
    assert line.total == Decimal("50.50")
    assert assessment.assess(2026, as_of=AS_OF).line(market.pk).adjustment_total == 0


def test_an_adjustment_needs_a_reason_and_the_office(market, office, leader, alice):
    with pytest.raises(WorkflowError) as error:
        assessment.adjustment_add(year=2025, bureau=market, points=1, reason=" ", user=office)
    assert error.value.message == str(assessment.REASON_REQUIRED)
    for user in (leader, alice):
        with pytest.raises(WorkflowError) as error:
            assessment.adjustment_add(year=2025, bureau=market, points=1, reason="x", user=user)
        assert error.value.message == str(assessment.OFFICE_ONLY)
    assert not AssessmentAdjustment.objects.exists()


def test_its_query_count_does_not_grow_with_the_data(
    records, office, django_assert_max_num_queries
):
    with django_assert_max_num_queries(40) as before:
        assessment.assess(2025, as_of=AS_OF)
    for bureau in Bureau.objects.all()[:10]:
        for day in range(1, 6):
            make_activity(bureau, office, datetime.date(2025, 5, day))
    with django_assert_max_num_queries(len(before.captured_queries)):
        assessment.assess(2025, as_of=AS_OF)
