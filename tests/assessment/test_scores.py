"""Assessment scores on hand-built data equal a hand computation (see conftest.py)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from bureaus.models import Bureau, BureauKind
from reports import assessment
from reports.assessment_categories import categories
from reports.models import AssessmentAdjustment, AssessmentCriterion, CriterionCode
from tasks_registry.models import ActivityKind, OwnershipRole, TaskReport
from workflow.services import WorkflowError

from .conftest import (
    AS_OF,
    MARKET,
    MARKET_TOTAL,
    SCIENCE,
    SCIENCE_TOTAL,
    D,
    make_activity,
)

pytestmark = pytest.mark.django_db


def points(line) -> dict:
    return {s.criterion.code: s.points for s in line.scores}


def test_it_seeds_the_default_criteria_adding_up_to_100():
    rows = assessment.criteria()
    assert [c.code for c in rows] == list(CriterionCode.values)
    assert sum(c.weight for c in rows) == Decimal(100)


def test_it_scores_each_criterion_as_computed_by_hand(records, market, science):
    """R6.1, R6.2: each criterion's points by hand; a criterion that does not apply is left out
    and the total scaled over the weights that apply."""
    result = assessment.assess(2025, as_of=AS_OF)
    assert [p.quarter for p in result.periods] == [1, 2]
    assert points(result.line(market.pk)) == MARKET
    assert points(result.line(science.pk)) == SCIENCE
    assert result.line(market.pk).total == MARKET_TOTAL
    assert result.line(science.pk).applicable_weight == Decimal(70)
    assert result.line(science.pk).total == SCIENCE_TOTAL


def test_units_with_nothing_to_assess_are_listed_but_not_ranked(records, market, science):
    """R6.3 (finding 2): 区卫生健康委 and a town with no task, figure or item are not ranked,
    where they used to earn 90 for having nothing to do; market and science are ranked."""
    town = Bureau.objects.create(code="jia", name="甲镇", kind=BureauKind.TOWN, order=100)
    result = assessment.assess(2025, as_of=AS_OF)
    health = next(line for line in result.lines if line.bureau.code == "health")
    for line in (health, result.line(town.pk)):
        assert (line.assessed, line.rank, line.total) == (False, None, None)
    ranked = [line for line in result.lines if line.rank is not None]
    assert [(line.bureau, line.rank) for line in ranked] == [(science, 1), (market, 2)]


def test_units_are_ranked_within_their_category(records, market, science, office):
    """R6.4: the court is 政法单位, ranked 1st there whatever the district bureaus score."""
    court = Bureau.objects.get(code="court")
    report = TaskReport.objects.get(bureau=science, period__quarter=1)
    task = report.task
    task.ownerships.create(bureau=court, role=OwnershipRole.COOPERATING)
    result = assessment.assess(2025, as_of=AS_OF)
    line = result.line(court.pk)
    assert line.category.name == "政法单位" and line.rank == 1
    assert line.total == Decimal("0.00")  # owes two reports, none approved, no activity
    assert [name for name, _lines in result.groups][:2] == ["区级部门", "政法单位"]
    assert result.line(market.pk).rank == 2  # still second among the district bureaus
    public_security = next(x for x in result.lines if x.bureau.code == "public_security")
    assert public_security.category.name == "政法单位"


def test_only_approved_items_count(records, market):
    """R6.5 (finding 8): the submitted, unapproved Q2 figure earns nothing, nor does the Q2
    draft's 90 %."""
    line = assessment.assess(2025, as_of=AS_OF).line(market.pk)
    completeness = line.score(CriterionCode.COMPLETENESS)
    assert [r.credit for r in completeness.records] == [1, 1, 0, 0]  # Q1 figure, report; Q2
    tasks = line.score(CriterionCode.TASK_PROGRESS)
    assert [r.credit for r in tasks.records] == [Decimal("0.4"), 0]


def test_activities_count_only_dated_up_to_the_as_of_date_and_evidenced(records, science, office):
    """R6.6 (finding 8): the unconfirmed training, the one of the year before and the one dated
    after the as-of date do not count; a training with no attendance does not either."""
    make_activity(
        science, office, D(2025, 7, 1), kind=ActivityKind.TRAINING, confirmed=True, person_times=0
    )
    line = assessment.assess(2025, as_of=AS_OF).line(science.pk)
    activities = line.score(CriterionCode.ACTIVITIES)
    assert [r.label[:10] for r in activities.records] == ["2025-03-01", "2025-05-01"]


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
    indicators = line.score(CriterionCode.INDICATORS)
    assert [(r.url, r.credit) for r in indicators.records] == [
        ("/dashboard/indicators/2.1/", Decimal("0.5"))
    ]


def test_changing_a_weight_changes_the_ranking_as_expected(records, market, science):
    """R6.2: activities at 100 points: the full score is 190; market (0 of 2 activities) keeps
    39 of 190; science earns 20 + 20 + 9 + 100 = 149 of the 160 that apply: 149 × 190 / 160."""
    AssessmentCriterion.objects.filter(code=CriterionCode.ACTIVITIES).update(weight=100)
    after = assessment.assess(2025, as_of=AS_OF)
    assert after.max_points == Decimal(190)
    assert after.line(market.pk).total == Decimal("39.00")
    assert after.line(science.pk).total == Decimal("176.94")


def test_a_zero_weight_drops_a_criterion(records, market, science):
    """Timeliness at 0: market earns 29 of 80 points (29.00); science 39 of the 50 that
    apply, scaled to 80: 62.40."""
    AssessmentCriterion.objects.filter(code=CriterionCode.TIMELINESS).update(weight=0)
    line = assessment.assess(2025, as_of=AS_OF).line(market.pk)
    assert line.score(CriterionCode.TIMELINESS).points == 0
    assert line.total == Decimal("29.00")
    assert assessment.assess(2025, as_of=AS_OF).line(science.pk).total == Decimal("62.40")


def test_adjustments_are_recorded_with_reason_and_author(records, market, office):
    adjustment = assessment.adjustment_add(
        year=2025, bureau=market, points=Decimal("-2.5"), reason="通报批评一次", user=office
    )
    assert (adjustment.author, adjustment.reason) == (office, "通报批评一次")
    today = assessment.assess(2025).line(market.pk)
    assert today.adjustments == [adjustment]
    assert today.total == today.scaled - Decimal("2.5")
    # Made after 2025-07-20: the assessment as of that day does not change.
    assert assessment.assess(2025, as_of=AS_OF).line(market.pk).total == MARKET_TOTAL
    assert assessment.assess(2026).line(market.pk).adjustment_total == 0


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


def test_the_office_edits_who_is_ranked_against_whom(records, market, science, office, client):
    """R6.4: the categories are the portal's proposal, edited by the office in the admin. Listing
    区市场监管局 under 政法单位 ranks it there (1st of its new category), and 区科技局 is then 1st
    of 区级部门 alone; the totals do not move."""
    legal = next(c for c in categories() if c.name == "政法单位")
    before = assessment.assess(2025, as_of=AS_OF)
    assert before.line(market.pk).category.name == "区级部门"
    client.force_login(office)
    url = reverse("admin:reports_assessmentcategory_change", args=[legal.pk])
    members = [*legal.bureaus.values_list("pk", flat=True), market.pk]
    response = client.post(
        url,
        {
            "code": legal.code,
            "name": legal.name,
            "order": legal.order,
            "kinds": '["court", "procuratorate"]',
            "bureaus": members,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    after = assessment.assess(2025, as_of=AS_OF)
    moved = after.line(market.pk)
    assert (moved.category.name, moved.rank, moved.total) == ("政法单位", 1, MARKET_TOTAL)
    assert (after.line(science.pk).category.name, after.line(science.pk).rank) == ("区级部门", 1)
