"""The quarterly cycle in Chromium: staff fill and submit a figure and a task report with evidence;
the office returns one with a comment; staff read it, fix it and resubmit; the office approves;
the figure is then read-only for staff."""

import datetime

import pytest

from targets.models import Figure, Period
from tasks_registry.models import TaskReport
from tests.e2e.conftest import nav, screenshot
from workflow.models import SubmissionState

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def q3(db):
    return Period.objects.create(year=2026, quarter=3, due_date=datetime.date(2026, 10, 10))


def submit_form(page):
    page.click("#item-form button[value=submit]")
    page.wait_for_load_state()


def test_the_whole_quarterly_cycle(page, browser_login, alice, office, q3, tmp_path):
    evidence = tmp_path / "专利统计年报.pdf"
    evidence.write_bytes(PDF)

    # Staff: fill and submit a figure with evidence.
    browser_login(alice)
    nav(page, "text=我的待办")
    page.click("tr.todo-row:has-text('有效发明专利') >> text=填报")
    page.fill("input[name=value]", "812")
    page.fill("textarea[name=note]", "来源：知识产权局统计年报")
    page.set_input_files("input[name=evidence]", str(evidence))
    submit_form(page)
    assert "已提交领导小组办公室" in page.locator(".alert-success").inner_text()
    assert "专利统计年报.pdf" in page.locator("#evidence-list").inner_text()

    # Staff: a task report.
    page.goto("/reporting/2026Q3/task/1/market/")
    page.select_option("select[name=status]", "on_track")
    page.fill("input[name=percent_complete]", "70")
    page.fill("textarea[name=work_done]", "召开联席会议两次，建立重大案件会商制度。")
    submit_form(page)
    assert TaskReport.objects.get(period=q3, task__number=1).state == SubmissionState.SUBMITTED

    # Office: return the figure with a comment.
    page.click("form[action$='/logout/'] button")
    browser_login(office)
    nav(page, "text=待审核")
    page.click(".review-row:has-text('有效发明专利') >> text=打开")
    page.fill("#review-comment", "请与统计年报第3页核对")
    page.click("#review-box button[value=return]")
    page.wait_for_load_state()
    assert Figure.objects.get(period=q3).state == SubmissionState.RETURNED

    # Staff: see the comment, fix, resubmit.
    page.click("form[action$='/logout/'] button")
    browser_login(alice)
    assert page.locator("#unread-count").inner_text() == "1"
    nav(page, "text=我的待办")
    assert page.locator("#returned-alert").is_visible()
    page.click("tr.todo-row:has-text('有效发明专利') >> text=填报")
    assert "请与统计年报第3页核对" in page.locator("#timeline").inner_text()
    page.fill("input[name=value]", "815")
    submit_form(page)
    screenshot(page, "figure-resubmitted")

    # Office: approve.
    page.click("form[action$='/logout/'] button")
    browser_login(office)
    page.goto("/reporting/2026Q3/figure/2.1/market/")
    page.click("#review-box button[value=approve]")
    page.wait_for_load_state()
    screenshot(page, "figure-approved-office")

    # Staff: the approved figure is read-only.
    page.click("form[action$='/logout/'] button")
    browser_login(alice)
    page.goto("/reporting/2026Q3/figure/2.1/market/")
    assert page.locator("input[name=value]").count() == 0
    assert page.locator("#item-form button[value=submit]").count() == 0
    assert "815" in page.locator("#item-form").inner_text()
    figure = Figure.objects.get(period=q3)
    assert (figure.state, str(figure.value)) == (SubmissionState.APPROVED, "815.0000")
    actions = list(figure.transitions.values_list("action", flat=True))
    assert actions == ["create", "submit", "return", "submit", "approve"]
