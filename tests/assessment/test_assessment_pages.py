"""The assessment pages: ranking and scorecard for readers, a bureau's traceable breakdown, the
office's adjustments; staff are not offered them."""

from decimal import Decimal

import pytest
from django.urls import reverse

from reports.models import AssessmentAdjustment

pytestmark = pytest.mark.django_db

PAGE = reverse("assessment:assessment-year", args=[2025])


def bureau_page(code="market"):
    return reverse("assessment:assessment-bureau", args=[2025, code])


@pytest.mark.parametrize("persona", ["office", "leader", "admin_user"])
def test_readers_see_the_ranking_and_scorecard(request, login, client, persona, records):
    login(request.getfixturevalue(persona))
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ranking"' in html and 'id="scorecard"' in html
    # Each score links to the records behind it.
    assert f"{bureau_page()}#timeliness" in html


def test_bureau_staff_are_not_offered_the_assessment(login, alice, client):
    login(alice)
    assert client.get(PAGE).status_code == 403
    assert client.get(bureau_page()).status_code == 403


def test_the_breakdown_links_every_criterion_to_its_records(login, office, client, records):
    login(office)
    html = client.get(bureau_page()).content.decode()
    for code in ("timeliness", "completeness", "task_progress", "indicators", "supervision"):
        assert f'id="{code}"' in html
    assert "/reporting/2025Q1/figure/2.1/market/" in html
    assert "/dashboard/indicators/2.1/" in html
    assert "按期办结" in html and "逾期未办" in html


def test_the_office_adds_an_adjustment_on_the_page(login, office, client, market):
    login(office)
    response = client.post(bureau_page(), {"points": "-1.5", "reason": "迟报被约谈"})
    assert response.status_code == 302
    adjustment = AssessmentAdjustment.objects.get()
    assert (adjustment.points, adjustment.reason, adjustment.author) == (
        Decimal("-1.5"),
        "迟报被约谈",
        office,
    )
    assert "迟报被约谈" in client.get(bureau_page()).content.decode()


def test_an_adjustment_without_a_reason_is_refused(login, office, client):
    login(office)
    assert client.post(bureau_page(), {"points": "3", "reason": ""}).status_code == 400
    assert client.post(bureau_page(), {"points": "abc", "reason": "x"}).status_code == 400
    assert not AssessmentAdjustment.objects.exists()


def test_the_pages_query_count_does_not_grow(
    login, office, client, records, django_assert_max_num_queries
):
    import datetime

    from bureaus.models import Bureau
    from tests.assessment.conftest import make_activity

    login(office)
    with django_assert_max_num_queries(60) as few:
        client.get(PAGE)
    for bureau in Bureau.objects.all():
        make_activity(bureau, office, datetime.date(2025, 5, 5))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(PAGE)


def test_the_ranking_is_by_category_and_lists_units_not_ranked(login, office, client, records):
    """R6.3, R6.4 on the page: category headings; 区卫生健康委 not ranked, no total."""
    login(office)
    html = client.get(PAGE).content.decode()
    assert html.index("区级部门") < html.index("政法单位") < html.index("园区")  # no town loaded
    health = html[html.index('data-bureau="health"') :]
    health = health[: health.index("</tr>")]
    assert "不参与排名" in health and "90" not in health
    science = html[html.index('data-bureau="science"') :]
    science = science[: science.index("</tr>")]
    assert '<td class="rank">1</td>' in science  # as of today: science still ahead of market
