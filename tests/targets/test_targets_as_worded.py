"""Targets as the plan words them (docs/rules.md R3): 年均 against 累计 growth, and 5.2 counting
trainings for 企事业单位职工 only. Through GET /api/v1/progress/ and the programme page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from targets.models import Indicator
from tasks_registry.models import Activity, ActivityKind, AudienceKind

from .factories import compute, figure, indicator, period, progress_at

DEC_2 = datetime.date(2026, 12, 2)
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_growth_targets_say_whether_they_are_yearly_or_total(db):
    """R3.2: 2.3 "年均增长10%以上" is a yearly average, 3.3 "增长50%以上" a total growth."""
    assert str(Indicator.objects.get(code="2.3").target_display) == "年均增长 ≥ 10%"
    assert str(Indicator.objects.get(code="3.3").target_display) == "累计增长 ≥ 50%"


def test_only_trainings_for_staff_of_enterprises_count_for_5_2(client, office, monkeypatch):
    """R3.5 worked example: in 2026Q3 a training of 300 企事业单位职工 and one of 200 cadres:
    5.2 counts 300 person-times (30 % of 1,000), not 500."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DEC_2)
    hr = Indicator.objects.get(code="5.2").reporting_bureau
    for audience, person_times in ((AudienceKind.ENTERPRISES, 300), (AudienceKind.CADRES, 200)):
        Activity.objects.create(
            kind=ActivityKind.TRAINING,
            title="知识产权培训",
            date=datetime.date(2026, 8, 20),
            bureau=hr,
            audience=audience,
            person_times=person_times,
            created_by=office,
        )
    period(2026, 3)
    compute(today=DEC_2)
    client.force_login(office)
    [row] = client.get("/api/v1/progress/", {"indicator": "5.2", "period": "2026Q3"}).json()[
        "results"
    ]
    assert (row["value"], row["percent"]) == ("300.0000", "30.00")
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "年均增长 ≥ 10%" in page and "累计增长 ≥ 50%" in page


pytestmark = pytest.mark.django_db


# R3.4 worked example: (industry, national average density, 区经济信息委's 2026Q3 density).
INDUSTRIES = [
    ("汽车零部件", "8.50", "9.10"),
    ("智能制造", "10.20", "11.00"),
    ("食品及农产品加工", "2.10", "2.10"),  # equal: not 超过
    ("生物医药", "15.00", "16.20"),
    ("电子信息", "12.40", "11.90"),  # below
    ("新材料", "9.80", "10.05"),
    ("新能源", "7.60", "8.00"),
]


def admin_form_data(response) -> dict:
    """The admin change form's current values, as the browser would post them back."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value not in (None, False):
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


def list_industries(client, office):
    """The office lists the seven industries on 3.1's admin page."""
    client.force_login(office)
    url = reverse("admin:targets_indicator_change", args=[Indicator.objects.get(code="3.1").pk])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert "产业（办公室录入，非方案内容）" in page.content.decode()
    data = admin_form_data(page)
    data["parts-TOTAL_FORMS"] = str(len(INDUSTRIES))
    for n, (name, average, _density) in enumerate(INDUSTRIES):
        data.update({f"parts-{n}-name": name, f"parts-{n}-unit": "件/亿元"})
        data[f"parts-{n}-target_value"] = average
        data[f"parts-{n}-note"] = "国家知识产权局2025年公报"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""


def test_3_1_is_to_be_set_until_the_office_lists_its_industries(client, office, monkeypatch):
    """R3.4: with no industry listed 3.1 is 待设定, never a failure."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DEC_2)
    period(2026, 3)
    compute(today=DEC_2)
    client.force_login(office)
    page = client.get(reverse("reports:dashboard"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    card = page.content.decode().split('data-code="3.1"')[1].split('data-code="3.2"')[0]
    assert 'data-status="not_set"' in card and "待设定" in card


def test_3_1_counts_the_industries_strictly_above_their_national_average(
    client, office, monkeypatch
):
    """R3.4 worked example: 食品及农产品加工 equals its average and 电子信息 is below, so 5 of 7 are
    above (71.43 %, the baseline): 3.1 is 正常, not 已完成, and its card names the two."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DEC_2)
    list_industries(client, office)
    parts = list(Indicator.objects.filter(parent__code="3.1").order_by("code"))
    assert [p.code for p in parts] == [f"3.1.{n}" for n in range(1, 8)]
    assert {(p.reporting_bureau.code, p.source, p.is_auxiliary) for p in parts} == {
        ("economy", "figure", True)
    }
    for part, (_name, _average, density) in zip(parts, INDUSTRIES, strict=True):
        figure(part, 2026, 3, density, bureau="economy")
    period(2026, 4)
    compute(today=DEC_2)
    [row] = client.get("/api/v1/progress/", {"indicator": "3.1", "period": "2026Q3"}).json()[
        "results"
    ]
    assert (row["value"], row["percent"], row["status"]) == ("5.0000", "71.43", "on_track")
    page = client.get(reverse("reports:dashboard"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    card = page.content.decode().split('data-code="3.1"')[1].split('data-code="3.2"')[0]
    assert "5/7 个产业超过全国平均" in card
    not_above = card.split('class="small industries-not-above">')[1].split("</div>")[0]
    assert "食品及农产品加工" in not_above and "电子信息" in not_above
    assert "汽车零部件" not in not_above
    detail = client.get(reverse("reports:indicator", args=["3.1.3"]), **ZH)
    assert detail.status_code == 200 and "办公室录入" in detail.content.decode()


def test_all_industries_above_achieves_3_1(client, office, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DEC_2)
    list_industries(client, office)
    for part, (_name, average, _density) in zip(
        Indicator.objects.filter(parent__code="3.1").order_by("code"), INDUSTRIES, strict=True
    ):
        figure(part, 2026, 3, Decimal(average) + Decimal("0.01"), bureau="economy")
    compute(today=DEC_2)
    [row] = client.get("/api/v1/progress/", {"indicator": "3.1", "period": "2026Q3"}).json()[
        "results"
    ]
    assert (row["value"], row["status"]) == ("7.0000", "achieved")


@pytest.mark.parametrize(
    ("wording", "status"),
    [("培育示范企业20家以上", "achieved"), ("示范企业数量超过20家", "off_track")],
)
def test_a_value_exactly_at_the_target_meets_yishang_but_not_chaoguo(wording, status):
    """R3.4: 以上 is at least the target, 超过 strictly more: 20 against 20 after the deadline."""
    ind = indicator("9.9", target="20")
    Indicator.objects.filter(pk=ind.pk).update(target_text=wording)
    figure(ind, 2026, 3, 20)
    compute()
    assert progress_at(ind, 2026, 3).status == status
