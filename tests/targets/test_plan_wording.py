"""The programme's wording is the plan's (docs/rules.md R3.1) and its 总体目标 are targets the
office assesses (R3.7). Through load_programme, the programme page and the dashboard."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from targets.models import Indicator, TargetArea, TargetAssessment
from tasks_registry.models import KeyTask, TaskGroup
from tasks_registry.programme import OCR_CORRECTIONS, corrected, plan_text

from .factories import compute, period

DEC_2 = datetime.date(2026, 12, 2)
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}

pytestmark = pytest.mark.django_db


def test_the_corrections_are_the_ones_domain_md_lists():
    text = plan_text()
    for slip, _correction in OCR_CORRECTIONS:
        assert slip not in text, slip
    assert "企事业单位职工参加知识产权培训讲座1000人次以上" in text
    assert "17 .加强知识产权人才队伍建设。" in text
    assert "(三)落实知识产权经费保障" in text
    assert corrected('聚焦我区"2335先进制造业') == "聚焦我区“2335”先进制造业"


def test_every_loaded_wording_is_an_excerpt_of_the_corrected_plan():
    """R3.1: every plan target's 方案原文目标, every area's text, every task's title and text."""
    text = plan_text()
    wordings = [(i.code, i.target_text) for i in Indicator.objects.all() if i.is_plan_target]
    wordings += [(f"area {a.number}", a.description) for a in TargetArea.objects.all()]
    wordings += [(f"group {g.number}", g.title) for g in TaskGroup.objects.all()]
    for task in KeyTask.objects.all():
        wordings += [(f"task {task.number}", task.title), (f"task {task.number}", task.description)]
    assert len(wordings) > 60
    not_in_plan = [(where, words) for where, words in wordings if words not in text]
    assert not_in_plan == []


def test_the_worked_example_wordings():
    """R3.1 worked example: 2.1, 5.2, task 17, task 6."""
    assert Indicator.objects.get(code="2.1").target_text == "到2026年,力争我区有效发明专利达到900件"
    assert Indicator.objects.get(code="5.2").target_text == (
        "企事业单位职工参加知识产权培训讲座1000人次以上"
    )
    assert KeyTask.objects.get(number=17).title == "加强知识产权人才队伍建设"
    assert "聚焦我区“2335”先进制造业集群体系" in KeyTask.objects.get(number=6).description


def test_an_existing_database_gets_the_plans_wording_and_keeps_office_edits():
    """R3.1 worked example: a 2.1 loaded with the old paraphrase gets the plan's words on the next
    load; a 1.3 the office edited stays as the office wrote it."""
    old = Indicator.objects.get(code="2.1")
    old.target_text = "到2026年达到900件"
    old.seed = {**old.seed, "target_text": "到2026年达到900件"}
    old.save()
    Indicator.objects.filter(code="1.3").update(target_text="加强知识产权工作考核（含镇街）")
    call_command("load_programme")
    assert Indicator.objects.get(code="2.1").target_text == "到2026年,力争我区有效发明专利达到900件"
    assert Indicator.objects.get(code="1.3").target_text == "加强知识产权工作考核（含镇街）"


def test_the_detail_pages_label_the_plans_words_and_the_portals_definition(client, office):
    """R3.1: 2.1 says 方案原文目标; 2.3.1 (常住人口, not in the plan) says 本系统定义."""
    client.force_login(office)
    page = client.get(reverse("reports:indicator", args=["2.1"]), **ZH)
    assert page.status_code == 200
    wording = page.content.decode().split('id="wording">')[1].split("</span>")[0]
    assert wording == "方案原文目标: 到2026年,力争我区有效发明专利达到900件"
    page = client.get(reverse("reports:indicator", args=["2.3.1"]), **ZH)
    assert page.status_code == 200
    wording = page.content.decode().split('id="wording">')[1].split("</span>")[0]
    assert wording.startswith("本系统定义") and "方案原文" not in wording


@pytest.fixture
def q3(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DEC_2)
    q3 = period(2026, 3)
    period(2026, 4)
    compute(today=DEC_2)
    return q3


def test_the_overall_goals_are_loaded_in_the_plans_words():
    """R3.7: the nine clauses of 二(一)总体目标 are qualitative targets 0.1–0.9."""
    goals = Indicator.objects.filter(area__number=0).order_by("order")
    assert [g.code for g in goals] == [f"0.{n}" for n in range(1, 10)]
    assert {g.kind for g in goals} == {"qualitative"}
    assert goals.get(code="0.8").target_text == "保护社会满意度明显提升"
    overall = plan_text().split("(一)总体目标")[1].split("(二)")[0]
    assert all(g.target_text in overall for g in goals)


def test_the_programme_page_shows_the_overall_goals(client, office):
    client.force_login(office)
    page = client.get(reverse("home"), **ZH)
    assert page.status_code == 200
    html = page.content.decode()
    assert "总体目标" in html
    assert "知识产权领域治理体系和治理能力现代化建设成效显著" in html
    assert "知识产权强市建设试点城市工作取得阶段性成果" in html


def test_the_office_assesses_an_overall_goal_and_no_bureau_is_judged_by_it(client, office, q3):
    """R3.7 worked example: 0.8 is 待评估 on 2 Dec 2026; after the office's 基本达成 for 2026Q3 it
    shows 基本达成, and 区市场监管局's indicator criterion still lists no 0.x target."""
    client.force_login(office)
    dashboard = client.get(reverse("reports:dashboard"), **ZH).content.decode()
    goals = dashboard[dashboard.index('id="overall-goals"') :]
    goal = goals[goals.index('data-code="0.8"') :].split("</li>")[0]
    assert 'data-status="pending"' in goal and "待评估" in goal
    assert "保护社会满意度明显提升" in goal
    response = client.post(
        reverse("targets:assess", args=["0.8"]),
        {"period": q3.pk, "verdict": "largely", "narrative": "群众满意度调查得分91分"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert TargetAssessment.objects.get(indicator__code="0.8", period=q3).verdict == "largely"
    dashboard = client.get(reverse("reports:dashboard"), **ZH).content.decode()
    goals = dashboard[dashboard.index('id="overall-goals"') :]
    goal = goals[goals.index('data-code="0.8"') :].split("</li>")[0]
    assert 'data-status="largely"' in goal and "基本达成" in goal
    page = client.get(reverse("assessment:assessment-bureau", args=[2026, "market"]), **ZH)
    assert page.status_code == 200
    assert "0.8 " not in page.content.decode()


def test_the_overall_goals_are_not_on_a_bureaus_dashboard(client, alice, q3):
    """R3.7: they judge the whole programme, so not even 区市场监管局's dashboard lists them."""
    client.force_login(alice)
    page = client.get("/dashboard/bureau/", **ZH)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-code="1.1"' in html and 'data-code="0.8"' not in html
