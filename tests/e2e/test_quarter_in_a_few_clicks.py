"""A quarter in a few clicks, in Chromium: 区市场监管局 fills its quarter on the entry grid and
submits the ready items at once (on a phone-sized screen too); the office filters the review
queue, returns one item, approves the rest in one action, and reminds the late bureaus."""

import datetime

import pytest

from notifications.models import Notification
from targets.models import Figure, Indicator, Period
from tasks_registry.models import KeyTask, TaskReport
from tests.e2e.conftest import nav, screenshot
from workflow.models import Reminder, SubmissionState

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def q3(db):
    return Period.objects.create(year=2026, quarter=3, due_date=datetime.date(2026, 10, 10))


def line(page, kind, pk):
    return page.locator(f"#line-{kind}-{pk}")


def test_a_quarter_as_the_bureau_and_as_the_office(page, browser_login, alice, office, q3):
    patents, high_value = (Indicator.objects.get(code=c) for c in ("2.1", "2.2"))
    task1, task2 = (KeyTask.objects.get(number=n) for n in (1, 2))

    # 区市场监管局: from the to-do to the grid, four rows typed in, one submit.
    browser_login(alice)
    nav(page, "text=我的待办")
    page.click("a.grid-link")
    page.wait_for_load_state()
    assert page.locator(".grid-line").count() == 21
    line(page, "figure", patents.pk).locator("input[name$='-value']").fill("812")
    line(page, "figure", high_value.pk).locator("input[name$='-value']").fill("400")
    for task, percent in ((task1, "60"), (task2, "30")):
        row = line(page, "task", task.pk)
        row.locator("select[name$='-status']").select_option("on_track")
        row.locator("input[name$='-percent_complete']").fill(percent)
        row.locator("textarea[name$='-work_done']").fill("召开联席会议，建立会商制度。")
    page.click("#grid-form button[value=submit]")
    page.wait_for_load_state()
    assert "已保存 4 项，已提交 4 项。" in page.locator(".alert-success").inner_text()
    assert Figure.objects.filter(state=SubmissionState.SUBMITTED).count() == 2
    assert TaskReport.objects.filter(state=SubmissionState.SUBMITTED).count() == 2

    # The same page on a phone: one column, nothing wider than the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "grid-390px")
    page.set_viewport_size({"width": 1280, "height": 800})

    # The office: the queue filtered to 区市场监管局, with values and changes inline.
    page.click("form[action$='/logout/'] button")
    browser_login(office)
    nav(page, "text=待审核")
    page.select_option("#id_bureau", "market")
    page.click("#queue-filter button")
    page.wait_for_load_state()
    assert page.locator(".review-row").count() == 4
    assert "812" in page.locator(".review-row", has_text="有效发明专利").inner_text()

    # Return one with a comment...
    page.locator(".review-row", has_text="高价值发明专利").locator(".tick").check()
    page.fill("#bulk-comment", "请与统计年报核对")
    page.click("#bulk-form button[value=return]")
    page.wait_for_load_state()
    assert Figure.objects.get(indicator=high_value).state == SubmissionState.RETURNED
    # ...and approve the other three in one action.
    assert page.locator(".review-row").count() == 3
    page.check("#tick-all")
    page.click("#bulk-form button[value=approve]")
    page.wait_for_load_state()
    assert "已审核：3 项。" in page.locator(".alert-success").inner_text()
    assert Figure.objects.get(indicator=patents).state == SubmissionState.APPROVED
    assert TaskReport.objects.filter(state=SubmissionState.APPROVED).count() == 2

    # Remind every late bureau (the quarter was due on 10 October) with a message.
    page.goto("/reporting/completeness/?period=2026Q3")
    page.fill("#remind-message", "请于本周内报送")
    page.click("#remind-all")
    page.wait_for_load_state()
    assert "区市场监管局" in page.locator(".alert-success").inner_text()
    assert "区市场监管局" in page.locator("#reminders").inner_text()
    reminder = Reminder.objects.get(bureau=alice.bureau)
    assert reminder.sent_by == office and reminder.outstanding == 18  # 21 owed, 3 approved
    assert Notification.objects.filter(user=alice, title__startswith="催报").exists()
