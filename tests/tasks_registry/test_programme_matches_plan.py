"""The loaded programme is the district's plan: counts, numbers, titles and order."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from bureaus.models import Bureau, BureauKind
from targets.models import Indicator, IndicatorKind, TargetArea
from tasks_registry.models import KeyTask, OwnershipRole, TaskGroup
from tasks_registry.programme import plan_text

PLAN = (Path(__file__).resolve().parents[2] / "docs" / "programme-plan.zh.txt").read_text()
# The OCR slips DOMAIN.md lists, corrected as the portal shows them (R3.1).
PLAN_CORRECTED = plan_text()

pytestmark = pytest.mark.django_db

MEMBERS_IN_PLAN_ORDER = [
    "区委宣传部", "区政府办公室", "区发展改革委", "区教委", "区科技局", "区经济信息委", "区公安局",
    "区司法局", "区财政局", "区人力社保局", "区农业农村委", "区商务委", "区文化旅游委",
    "区卫生健康委", "区法院", "区检察院", "区市场监管局（区知识产权局）", "高新区管委会",
]  # fmt: skip


def test_it_loads_every_member_unit_in_the_plans_order():
    names = list(
        Bureau.objects.members().exclude(kind=BureauKind.TOWN).values_list("name", flat=True)
    )
    assert names == MEMBERS_IN_PLAN_ORDER


def test_it_seats_the_office_in_the_market_regulation_bureau():
    assert list(Bureau.objects.filter(is_office=True).values_list("name", flat=True)) == [
        "区市场监管局（区知识产权局）"
    ]


def test_it_marks_the_court_procuratorate_and_zone_kinds():
    kinds = dict(Bureau.objects.values_list("code", "kind"))
    assert kinds["court"] == BureauKind.COURT
    assert kinds["procuratorate"] == BureauKind.PROCURATORATE
    assert kinds["hitech_zone"] == BureauKind.ZONE


def test_it_loads_19_key_tasks_in_six_groups_numbered_in_order():
    assert TaskGroup.objects.count() == 6
    assert list(KeyTask.objects.values_list("number", flat=True)) == list(range(1, 20))
    per_group = [g.tasks.count() for g in TaskGroup.objects.all()]
    assert per_group == [4, 3, 4, 3, 2, 3]


def test_every_task_title_and_description_is_the_plans_text():
    for task in KeyTask.objects.select_related("group"):
        heading = f"{task.number} .{task.title}。"
        assert heading in PLAN_CORRECTED, heading
        assert task.description and task.description in PLAN_CORRECTED, task.number
        assert task.group.title in PLAN_CORRECTED


def test_titles_have_the_ocr_slips_corrected():
    assert KeyTask.objects.get(number=17).title == "加强知识产权人才队伍建设"
    assert "培训I" not in KeyTask.objects.get(number=17).description


def test_group_titles_match_the_plan():
    titles = list(TaskGroup.objects.values_list("title", flat=True))
    found = re.findall(r"\([一二三四五六]\)([^。]+)。", PLAN.split("三、重点任务")[1])
    assert titles == found[:6]


def test_every_task_has_exactly_one_default_lead():
    for task in KeyTask.objects.prefetch_related("ownerships"):
        leads = [o for o in task.ownerships.all() if o.role == OwnershipRole.LEAD]
        assert len(leads) == 1, task.number
        assert all(o.is_default for o in task.ownerships.all())


def test_it_loads_the_overall_goals_and_the_five_target_areas():
    titles = list(TargetArea.objects.values_list("title", flat=True))
    assert titles == [
        "总体目标",
        "知识产权政策体系不断完善",
        "知识产权创造能力显著增强",
        "知识产权产业化成效明显",
        "知识产权保护力度不断加强",
        "知识产权合规意识显著增强",
    ]


@pytest.mark.parametrize(
    ("name", "kind", "target", "unit"),
    [
        ("有效发明专利", IndicatorKind.STOCK, "900", "件"),
        ("高价值发明专利", IndicatorKind.STOCK, "450", "件"),
        ("每万人口发明专利拥有量", IndicatorKind.GROWTH_RATE, "10", "件/万人"),
        ("注册商标", IndicatorKind.STOCK, "19000", "件"),
        ("市级及以上知识产权示范企业和优势企业", IndicatorKind.STOCK, "20", "家"),
        ("专利产品产值", IndicatorKind.GROWTH_RATE, "50", "万元"),
        ("知识产权主题宣传活动", IndicatorKind.ANNUAL_FLOOR, "2", "次"),
        ("企事业单位职工参加知识产权培训讲座", IndicatorKind.ANNUAL_FLOOR, "1000", "人次"),
    ],
)
def test_each_quantified_target_has_the_plans_number(name, kind, target, unit):
    indicator = Indicator.objects.get(name=name)
    assert indicator.kind == kind
    assert indicator.target_value == Decimal(target)
    assert indicator.unit == unit
    assert str(indicator.deadline) == "2026-12-31"
    # The number stands in the plan's own words for that target.
    assert target in indicator.target_text and target in PLAN_CORRECTED


def test_the_per_10000_growth_is_a_yearly_average():
    assert Indicator.objects.get(code="2.3").annualised is True
    assert Indicator.objects.get(code="3.3").annualised is False


def test_every_target_area_has_indicators_and_qualitative_areas_are_assessed():
    for area in TargetArea.objects.prefetch_related("indicators"):
        assert area.indicators.exists(), area
    assert set(
        Indicator.objects.filter(area__number__in=[1, 4]).values_list("kind", flat=True)
    ) == {IndicatorKind.QUALITATIVE}
