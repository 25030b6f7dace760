"""R6.4, R4: the assessment categories are the portal's proposal, labelled
系统预置（待办公室确认） where the ranking shows them until the office confirms or changes them."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reports import circular
from reports.assessment_categories import categories
from reports.defaults import pending_note
from reports.models import AssessmentCategory
from targets.models import Period

from .conftest import AS_OF, list_in_category

pytestmark = pytest.mark.django_db
LABEL = "系统预置（待办公室确认）"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
PAGE = reverse("assessment:assessment-year", args=[2025])
NOTE_LINE = f"排名类别：{LABEL}"


def headings(client) -> dict[str, str]:
    """Each category heading row of the ranking, by category name."""
    html = client.get(PAGE, **ZH).content.decode()
    rows = html.split('class="table-secondary category-row"')[1:]
    out = {}
    for row in rows:
        row = row[: row.index("</tr>")]
        name = row.split("<th", 1)[1].split(">", 1)[1].split("<", 1)[0].strip()
        out[name] = row
    return out


def api_line(office, code: str) -> dict:
    client = APIClient()
    client.force_authenticate(office)
    body = client.get("/api/v1/assessment/2025/", {"as_of": AS_OF.isoformat()}).json()
    return next(line for line in body["lines"] if line["bureau"] == code)


def draft_lines() -> list[str]:
    q2 = Period.objects.get(year=2025, quarter=2)
    return circular.draft_text(q2, datetime.date(2025, 7, 20)).splitlines()


def test_the_categories_are_defaults_until_the_office_confirms_them(
    records, market, office, client, monkeypatch
):
    """R6.4 worked example: labelled on the page, the bureau page, the API and the circular;
    listed on the defaults page; the office's admin change confirms 政法单位, its ticks the rest."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: AS_OF)
    client.force_login(office)
    shown = headings(client)
    assert list(shown)[:2] == ["区级部门", "政法单位"]
    assert all(LABEL in row for row in shown.values())
    bureau_page = reverse("assessment:assessment-bureau", args=[2025, "science"])
    total = client.get(bureau_page, **ZH).content.decode()
    total = total[total.index('id="bureau-total"') :][:1500]
    assert "区级部门" in total and LABEL in total
    science = api_line(office, "science")
    assert (science["category"], science["category_provenance"]) == ("区级部门", "default")
    assert NOTE_LINE in draft_lines()
    assert "考核类别 4 项" in pending_note()

    defaults = client.get(reverse("reports:defaults"), **ZH).content.decode()
    legal = next(c for c in categories() if c.name == "政法单位")
    row = defaults[defaults.index(f'data-key="category-{legal.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "考核类别" in row and "政法单位" in row and "待确认" in row
    assert "法院" in row and "区公安局" in row and "区司法局" in row
    assert reverse("admin:reports_assessmentcategory_change", args=[legal.pk]) in row

    # The office lists 区市场监管局 under 政法单位 in the admin: that is its confirmation.
    response = list_in_category(client, legal, market)
    assert response.status_code == 302, response.content.decode()[:2000]
    legal.refresh_from_db()
    assert legal.confirmed_by == office
    shown = headings(client)
    assert LABEL not in shown["政法单位"] and LABEL in shown["区级部门"]
    assert api_line(office, "market")["category_provenance"] == "confirmed"

    # It ticks the other three on the defaults page.
    others = [f"category-{c.pk}" for c in categories() if c.pk != legal.pk]
    assert client.post(reverse("reports:defaults"), {"confirm": others}).status_code == 302
    assert not any(LABEL in row for row in headings(client).values())
    total = client.get(bureau_page, **ZH).content.decode()
    assert LABEL not in total[total.index('id="bureau-total"') :][:1500]
    assert api_line(office, "science")["category_provenance"] == "confirmed"
    assert NOTE_LINE not in draft_lines()
    assert "考核类别" not in pending_note()


def test_a_category_the_office_adds_is_its_own(office, client):
    client.force_login(office)
    response = client.post(
        reverse("admin:reports_assessmentcategory_add"),
        {"code": "villages", "name": "村社区", "order": 9, "kinds": "[]", "bureaus": []},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = AssessmentCategory.objects.get(code="villages")
    assert added.confirmed_by == office and not added.awaits_confirmation
