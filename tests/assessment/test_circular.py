"""Circulars: drafted from the data, edited by the office, visible to all bureaus once published."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import Notification
from reports import circular
from reports.models import Circular, CircularState
from targets.models import Period
from workflow.services import WorkflowError

pytestmark = pytest.mark.django_db

LIST = reverse("assessment:circular-list")


@pytest.fixture
def q2(records):
    return Period.objects.get(year=2025, quarter=2)


def test_the_draft_says_who_was_on_time_late_and_missing(office, q2, market, science):
    summary = circular.submission_summary(q2, datetime.date(2025, 7, 20))
    assert summary["on_time"] == [science]
    # market's Q2 figure came late and its Q2 report is missing: missing wins.
    assert [(x["bureau"], x["missing"]) for x in summary["missing"]] == [(market, 1)]
    assert summary["late"] == [] and summary["pending"] == []
    before_due = circular.submission_summary(q2, datetime.date(2025, 7, 1))
    assert before_due["missing"] == [] and len(before_due["pending"]) == 1


def test_the_draft_holds_ranking_notable_work_and_open_problems(q2):
    """R7.1: the circular for 2025Q2 ranks as of 2025-06-30, the quarter's end, when only Q1
    was due: science 56 of the 70 points that apply (80.00), market 78.00; units with nothing
    to assess are named as not ranked."""
    lines = circular.draft_text(q2, datetime.date(2025, 7, 20)).splitlines()
    assert any("2025-06-30" in line for line in lines)
    ranking = [line for line in lines if "80.00" in line or "78.00" in line]
    assert "区科技局" in ranking[0] and "80.00" in ranking[0]  # first, whatever the language
    assert "区市场监管局" in ranking[1] and "78.00" in ranking[1]
    assert any("区卫生健康委" in line and "90" not in line for line in lines)  # not ranked
    assert any("活动 2025-05-01" in line and "50" in line for line in lines)  # a training
    assert any("按期办结" in line for line in lines)  # signed off in the quarter
    assert any("逾期未办" in line and "2025-06-30" in line for line in lines)  # overdue
    assert not any("尚未到期" in line for line in lines)


def test_each_category_of_the_ranking_is_named_even_with_no_unit_ranked(q2):
    """R7.1: the units not ranked are named under their own category, so 政法单位's four do not
    read as 区级部门's."""
    lines = circular.draft_text(q2, datetime.date(2025, 7, 20)).splitlines()
    legal = lines.index("政法单位：")
    assert "不参与排名" in lines[legal + 1] and "区公安局" in lines[legal + 1]
    departments = lines.index("区级部门：")
    assert departments < legal and "区公安局" not in "".join(lines[departments:legal])


def test_a_circular_is_titled_with_its_period_in_words(login, office, client, q2):
    """R7.2: the title names the quarter in words, 2025年第二季度, not 2025Q2."""
    login(office)
    client.post(LIST, {"period": "2025Q2"})
    title = Circular.objects.get().title
    assert "2025年第二季度" in title and "2025Q2" not in title


def test_the_office_drafts_edits_and_publishes(login, office, alice, client, q2):
    login(office)
    response = client.post(LIST, {"period": "2025Q2"})
    item = Circular.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert item.state == CircularState.DRAFT and item.body
    # Staff do not see a draft.
    login(alice)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert item.title not in client.get(LIST).content.decode()
    login(office)
    response = client.post(
        item.get_absolute_url(),
        {"title": "2025年第二季度通报", "body": "改写后的正文", "action": "publish"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.title, item.body) == (
        CircularState.PUBLISHED,
        "2025年第二季度通报",
        "改写后的正文",
    )
    assert Notification.objects.filter(user=alice, url=item.get_absolute_url()).exists()
    login(alice)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "改写后的正文" in page and 'id="circular-form"' not in page
    assert "2025年第二季度通报" in client.get(LIST).content.decode()


def test_a_published_circular_is_locked(office, q2):
    item = circular.circular_draft(period=q2, user=office, today=datetime.date(2025, 7, 20))
    circular.circular_publish(circular=item, user=office)
    with pytest.raises(WorkflowError) as error:
        circular.circular_edit(circular=item, user=office, title="x", body="y")
    assert error.value.message == str(circular.PUBLISHED)


def test_only_the_office_drafts_and_publishes(login, leader, alice, q2, client, office):
    for user in (leader, alice):
        with pytest.raises(WorkflowError):
            circular.circular_draft(period=q2, user=user)
        login(user)
        assert client.post(LIST, {"period": "2025Q2"}).status_code == 403
    item = circular.circular_draft(period=q2, user=office)
    login(leader)
    assert client.post(item.get_absolute_url(), {"action": "publish"}).status_code == 403
    item.refresh_from_db()
    assert item.state == CircularState.DRAFT


def test_a_published_circular_downloads_as_word_from_its_page(login, office, alice, q2):
    import io

    from docx import Document

    item = circular.circular_draft(period=q2, user=office, today=datetime.date(2025, 7, 20))
    circular.circular_publish(circular=item, user=office)
    client = login(alice)
    page = client.get(item.get_absolute_url()).content.decode()
    docx_url = reverse("report:circular-download", args=[item.pk, "docx"])
    assert docx_url in page
    response = client.get(docx_url)
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert item.title in text
