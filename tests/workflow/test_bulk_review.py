"""The office's review queue (R11.1): values, change, outlier flag and evidence inline; filters;
many items approved or returned with one comment, one workflow transition each; "next"."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import Notification
from targets.models import Figure, Indicator, Period
from tasks_registry.models import KeyTask, TaskReport
from workflow.evidence import attach
from workflow.models import SubmissionState, Transition
from workflow.services import transition

pytestmark = pytest.mark.django_db

QUEUE = reverse("reporting:review")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def q2(db):
    return Period.objects.create(year=2026, quarter=2, due_date=datetime.date(2026, 7, 10))


@pytest.fixture
def submitted(alice, bob, q2, q3):
    """2.1 for 2026Q3 (795 approved in Q2, now 824, with a PDF), task 1 and task 2 of
    区市场监管局, and 区科技局's report on a task it holds, all submitted in that order."""
    patents = Indicator.objects.get(code="2.1")
    Figure.objects.create(
        indicator=patents, bureau=alice.bureau, period=q2, value=795, state="approved"
    )
    figure = Figure.objects.create(indicator=patents, bureau=alice.bureau, period=q3, value=824)
    attach(figure, SimpleUploadedFile("年报.pdf", PDF), user=alice, mime_type="application/pdf")
    items = [figure]
    for number in (1, 2):
        items.append(
            TaskReport.objects.create(
                task=KeyTask.objects.get(number=number),
                bureau=alice.bureau,
                period=q3,
                percent_complete=60,
                work_done="召开联席会议",
            )
        )
    science_task = bob.bureau.task_ownerships.first().task
    items.append(
        TaskReport.objects.create(
            task=science_task, bureau=bob.bureau, period=q3, work_done="已开展", percent_complete=40
        )
    )
    for item in items:
        transition(item, "submit", user=alice if item.bureau == alice.bureau else bob)
    return items


def rows(html: str) -> list[str]:
    return html.split('class="review-row"')[1:]


def test_the_queue_shows_value_change_outlier_and_evidence_inline(login, office, submitted):
    from tests.workflow.conftest import approved_history

    approved_history(Indicator.objects.get(code="2.2"), submitted[0].bureau, [100, 100, 100])
    unusual = Figure.objects.create(
        indicator=Indicator.objects.get(code="2.2"),
        bureau=submitted[0].bureau,
        period=submitted[0].period,
        value=1000,
        explanation="新认定一批",
    )
    transition(unusual, "submit", user=submitted[0].updated_by)
    html = login(office).get(QUEUE).content.decode()
    first = rows(html)[0]
    assert "有效发明专利" in first and "824" in first and "+29（+3.6%）" in first
    assert '<td class="evidence-count">1</td>' in first
    assert "异常" not in first
    assert '<span class="change text-muted">—</span>' in rows(html)[1]  # task 1: no Q2 report
    flagged = rows(html)[-1]
    assert "异常" in flagged and "3倍" in flagged


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", 4),
        ("?bureau=science", 1),
        ("?kind=task", 3),
        ("?kind=figure&bureau=market", 1),
        ("?period=2026Q3", 4),
        ("?period=2026q2", 0),
        ("?state=approved", 1),  # 2.1 of 2026Q2
    ],
)
def test_the_filters(login, office, submitted, query, expected):
    response = login(office).get(QUEUE + query)
    assert response.status_code == 200
    assert len(rows(response.content.decode())) == expected


@pytest.mark.parametrize(
    "query, message",
    [
        ("?period=2026Q9", "“2026Q9”不是季度"),
        ("?bureau=nowhere", "单位"),
        ("?kind=loan", "类型"),
        ("?state=lost", "状态"),
    ],
)
def test_a_bad_filter_is_a_clear_message_not_a_500(login, office, submitted, query, message):
    response = login(office).get(QUEUE + query)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="filter-errors"' in html and message in html.split('id="filter-errors"')[1]
    assert rows(html) == []


def ticks(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('name="items" value="')[1:]]


def test_many_items_are_approved_at_once_each_through_the_workflow(login, alice, office, submitted):
    client = login(office)
    keys = ticks(client.get(QUEUE + "?bureau=market").content.decode())
    assert len(keys) == 3
    response = client.post(
        QUEUE, {"items": keys, "action": "approve", "comment": "", "query": "bureau=market"}
    )
    assert response.status_code == 302 and response["Location"] == QUEUE + "?bureau=market"
    for item in submitted[:3]:
        item.refresh_from_db()
        assert item.state == SubmissionState.APPROVED
    submitted[3].refresh_from_db()
    assert submitted[3].state == SubmissionState.SUBMITTED
    assert Transition.objects.filter(action="approve").count() == 3
    assert AuditEvent.objects.filter(event="approve").count() == 3
    assert Notification.objects.filter(user=alice, title__contains="已审核").count() == 3
    assert "已审核：3 项。" in client.get(QUEUE).content.decode()


def test_a_return_needs_one_comment_which_goes_to_each_item(login, office, submitted):
    client = login(office)
    keys = ticks(client.get(QUEUE + "?kind=task").content.decode())
    client.post(QUEUE, {"items": keys, "action": "return", "comment": " "})
    assert not Transition.objects.filter(action="return").exists()
    assert "请填写理由。" in client.get(QUEUE).content.decode()
    client.post(QUEUE, {"items": keys, "action": "return", "comment": "请补充佐证材料"})
    returned = Transition.objects.filter(action="return")
    assert returned.count() == 3
    assert set(returned.values_list("comment", flat=True)) == {"请补充佐证材料"}


def test_a_stale_tick_is_refused_and_the_others_done(login, alice, office, submitted):
    client = login(office)
    keys = ticks(client.get(QUEUE + "?bureau=market").content.decode())
    figure = submitted[0]
    # Meanwhile the figure is returned on its own page and submitted again.
    transition(figure, "return", user=office, comment="请核对")
    transition(figure, "submit", user=alice)
    client.post(QUEUE, {"items": keys, "action": "approve"})
    figure.refresh_from_db()
    assert figure.state == SubmissionState.SUBMITTED  # the tick was of an older version
    assert TaskReport.objects.filter(state="approved").count() == 2
    assert "其他人已保存了此事项" in client.get(QUEUE).content.decode()


def test_after_an_action_next_opens_the_following_item_of_the_same_queue(login, office, submitted):
    client = login(office)
    html = client.get(QUEUE + "?bureau=market").content.decode()
    first_url = submitted[0].get_absolute_url() + "?queue=bureau%3Dmarket"
    assert first_url in html
    page = client.get(first_url).content.decode()
    next_url = page.split('id="queue-next" value="')[1].split('"')[0].replace("&amp;", "&")
    response = client.post(
        submitted[0].get_absolute_url(),
        {"action": "approve", "version": submitted[0].version, "next": next_url},
    )
    response = client.get(response["Location"])
    assert response["Location"] == submitted[1].get_absolute_url() + "?queue=bureau%3Dmarket"
    # From the last one of the queue, back to the queue.
    for item in submitted[1:3]:
        transition(item, "approve", user=office)
    response = client.get(next_url)
    assert response["Location"] == QUEUE + "?bureau=market"


def test_the_queue_reads_a_fixed_number_of_queries(
    login, office, alice, submitted, django_assert_max_num_queries
):
    client = login(office)
    client.get(QUEUE)
    with django_assert_max_num_queries(40) as few:
        client.get(QUEUE)
    for number in range(3, 12):
        task = KeyTask.objects.get(number=number)
        if not alice.bureau.task_ownerships.filter(task=task).exists():
            continue
        report = TaskReport.objects.create(
            task=task, bureau=alice.bureau, period=submitted[0].period, work_done="x"
        )
        transition(report, "submit", user=alice)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(QUEUE)


def test_only_the_office_reviews(login, alice, leader, submitted):
    assert login(alice).get(QUEUE).status_code == 403
    assert login(leader).post(QUEUE, {"action": "approve"}).status_code == 403
    assert Decimal(Figure.objects.get(period=submitted[0].period).value) == Decimal("824")
