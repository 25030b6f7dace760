"""催报 (R11.3, R11.4): the office reminds one late bureau or all of them with a message, from
the completeness page and the dashboard; every reminder is kept and shown, and goes through the
notification channels; the daily job's reminders are kept too."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import Delivery, Notification
from targets.models import Figure, Indicator
from tasks_registry.models import KeyTask, TaskOwnership, TaskReport
from workflow.chasing import late_by_bureau, remind_late
from workflow.models import Reminder, SubmissionState
from workflow.reminders import send_reminders
from workflow.services import transition

pytestmark = pytest.mark.django_db

DAY_AFTER = datetime.date(2026, 10, 11)  # 2026Q3 was due on 10 Oct
REMIND = reverse("reporting:remind")
COMPLETENESS = reverse("reporting:completeness") + "?period=2026Q3"


@pytest.fixture
def example(alice, bob, q3):
    """R11's worked example: 区市场监管局 submitted 2.1 and has task 1 as a draft; 区科技局
    submitted everything it owes."""
    figure = Figure.objects.create(
        indicator=Indicator.objects.get(code="2.1"), bureau=alice.bureau, period=q3, value=824
    )
    transition(figure, "submit", user=alice)
    TaskReport.objects.create(task=KeyTask.objects.get(number=1), bureau=alice.bureau, period=q3)
    for ownership in TaskOwnership.objects.held_in(q3).filter(bureau=bob.bureau):
        TaskReport.objects.create(
            task=ownership.task, bureau=bob.bureau, period=q3, state=SubmissionState.SUBMITTED
        )
    for indicator in Indicator.objects.filter(reporting_bureau=bob.bureau, source="figure"):
        Figure.objects.create(
            indicator=indicator, bureau=bob.bureau, period=q3, value=1, state="submitted"
        )
    return q3


def test_late_is_owed_past_the_due_date_and_not_submitted(example, alice, bob):
    """R11.3."""
    assert late_by_bureau(example, datetime.date(2026, 10, 10)) == {}  # the due date itself
    late = late_by_bureau(example, DAY_AFTER)
    assert bob.bureau not in late
    assert len(late[alice.bureau]) == 20  # 21 owed, 2.1 submitted; the draft task 1 is late


def test_the_office_reminds_every_late_bureau_with_a_message(example, alice, bob, office):
    """R11.4's worked example."""
    sent = remind_late(period=example, user=office, message="请于10月15日前报送", today=DAY_AFTER)
    market = Reminder.objects.get(bureau=alice.bureau)
    assert market in sent and market.sent_by == office and market.period == example
    assert market.outstanding == 20 and market.recipients == 1
    assert market.message == "请于10月15日前报送"
    assert not Reminder.objects.filter(bureau=bob.bureau).exists()
    note = Notification.objects.get(user=alice)
    assert note.title == "催报：2026Q3 尚有 20 项逾期未报"
    assert note.body.startswith("请于10月15日前报送") and "强化部门协同管理机制" in note.body
    assert note.url == reverse("reporting:grid", args=["2026Q3", "market"])
    assert not Notification.objects.filter(user=bob).exists()


def test_a_reminder_goes_through_the_channels(example, alice, office, settings):
    settings.NOTIFICATION_CHANNELS = ["email"]
    alice.email = "alice@example.gov.cn"
    alice.save()
    remind_late(period=example, user=office, message="", today=DAY_AFTER, bureau=alice.bureau)
    assert Delivery.objects.filter(notification__user=alice, channel="email").count() == 1


def test_the_completeness_page_reminds_one_bureau_and_shows_every_reminder(
    login, example, alice, office
):
    client = login(office)
    html = client.get(COMPLETENESS).content.decode()
    assert 'id="remind-all"' in html
    market_row = html.split('data-bureau="market"')[1].split("</tr>")[0]
    assert 'value="market"' in market_row and "催报" in market_row
    science_row = html.split('data-bureau="science"')[1].split("</tr>")[0]
    assert "remind-one" not in science_row  # nothing late
    response = client.post(
        REMIND,
        {"period": "2026Q3", "bureau": "market", "message": "请尽快报送", "next": COMPLETENESS},
    )
    assert response.status_code == 302 and response["Location"] == COMPLETENESS
    reminder = Reminder.objects.get()
    assert reminder.bureau == alice.bureau and reminder.sent_by == office
    html = client.get(COMPLETENESS).content.decode()
    assert "已向区市场监管局（区知识产权局）催报。" in html
    log = html.split('id="reminders"')[1]
    assert "office" in log and "区市场监管局" in log and "请尽快报送" in log and "2026Q3" in log


def test_a_bureau_with_nothing_late_is_not_reminded(login, example, office):
    client = login(office)
    client.post(REMIND, {"period": "2026Q3", "bureau": "science", "message": ""})
    assert not Reminder.objects.exists()
    assert "无需催报" in client.get(COMPLETENESS).content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"period": "2026Q9"}, "报告期不存在。"),
        ({"period": "2001Q1"}, "报告期不存在。"),
        ({"period": "2026Q3", "bureau": "nowhere"}, "催报未发送"),
        ({"period": "2026Q3", "message": "长" * 501}, "催报未发送"),
    ],
)
def test_a_bad_reminder_is_a_clear_message(login, example, office, data, message):
    client = login(office)
    response = client.post(REMIND, data)
    assert response.status_code == 302
    assert message in client.get(COMPLETENESS).content.decode()
    assert not Reminder.objects.exists()


def test_only_the_office_reminds(login, example, alice, leader):
    for user in (alice, leader):
        assert login(user).post(REMIND, {"period": "2026Q3"}).status_code == 403
    assert not Reminder.objects.exists()
    assert 'id="remind-all"' not in login(leader).get(COMPLETENESS).content.decode()


def test_the_daily_reminders_are_kept_once(example, alice):
    send_reminders(DAY_AFTER)
    send_reminders(DAY_AFTER)
    kept = Reminder.objects.get(bureau=alice.bureau)
    assert kept.sent_by is None and kept.outstanding == 20


def test_the_dashboard_reminds_all_late_bureaus(login, example, alice, office):
    client = login(office)
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert 'id="dashboard-remind"' in html and "催报 2026Q3 全部逾期单位" in html
    client.post(REMIND, {"period": "2026Q3", "bureau": "", "next": "/dashboard/"})
    assert Reminder.objects.filter(bureau=alice.bureau, sent_by=office).exists()


def test_the_completeness_page_reads_a_fixed_number_of_queries(
    login, example, alice, office, django_assert_max_num_queries
):
    client = login(office)
    remind_late(period=example, user=office, message="一", today=DAY_AFTER)
    client.get(COMPLETENESS)
    with django_assert_max_num_queries(60) as few:
        client.get(COMPLETENESS)
    for _ in range(4):
        remind_late(period=example, user=office, message="再催", today=DAY_AFTER)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(COMPLETENESS)
