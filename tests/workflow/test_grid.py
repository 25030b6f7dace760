"""The entry grid (R11.1, R11.2): a bureau's whole quarter on one page, saved and submitted
through the workflow one item at a time; errors per row, nothing typed lost."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from notifications.models import Notification
from targets.models import Figure, Indicator, Period
from tasks_registry.models import KeyTask, TaskReport
from workflow.models import SubmissionState, Transition

pytestmark = pytest.mark.django_db

GRID = reverse("reporting:grid", args=["2026Q3", "market"])


@pytest.fixture
def q2(db):
    return Period.objects.create(year=2026, quarter=2, due_date=datetime.date(2026, 7, 10))


def line(html: str, prefix: str) -> str:
    """The HTML of one row of the grid."""
    here = html.index(f'id="line-{prefix}"')
    start = html.rindex("<div", 0, here)
    end = html.find('class="grid-line', here)
    return html[start : end if end > 0 else None]


def prefix_of(code: str) -> str:
    return f"figure-{Indicator.objects.get(code=code).pk}"


def task_prefix(number: int) -> str:
    return f"task-{KeyTask.objects.get(number=number).pk}"


def current_fields(client) -> dict:
    """Every input of the grid as the page shows it (what a browser would send back)."""
    html = client.get(GRID).content.decode()
    form = html[html.index('id="grid-form"') :]
    data = {}
    for tag in re.findall(r"<(?:input|textarea|select)[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or name.group(1) in ("csrfmiddlewaretoken", "action"):
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value and tag.startswith("<input") else ""
    for name in re.findall(r'<select name="([^"]+)"', form):
        data[name] = "not_started"
    return data


def post(client, action="save", **typed):
    data = current_fields(client)
    data.update({k.replace("__", "-"): v for k, v in typed.items()})
    data["action"] = action
    return client.post(GRID, data)


def test_it_lists_everything_the_bureau_owes_with_last_quarter_and_the_change(login, alice, q2, q3):
    """R11.1's worked example."""
    patents = Indicator.objects.get(code="2.1")
    Figure.objects.create(
        indicator=patents, bureau=alice.bureau, period=q2, value=795, state="approved"
    )
    Figure.objects.create(indicator=patents, bureau=alice.bureau, period=q3, value=824)
    task = KeyTask.objects.get(number=1)
    TaskReport.objects.create(
        task=task, bureau=alice.bureau, period=q2, percent_complete=50, state="submitted"
    )
    TaskReport.objects.create(task=task, bureau=alice.bureau, period=q3, percent_complete=70)
    high_value = Indicator.objects.get(code="2.2")
    Figure.objects.create(indicator=high_value, bureau=alice.bureau, period=q2, value=400)

    html = login(alice).get(GRID).content.decode()
    assert html.count('class="grid-line') == 21  # 2.1, 2.2, 2.4 and the 18 tasks it holds in 2026Q3
    patents_line = line(html, prefix_of("2.1"))
    assert "上季度：795" in patents_line and "+29（+3.6%）" in patents_line
    assert 'value="824"' in patents_line
    assert "+20 个百分点" in line(html, task_prefix(1))
    assert "上季度：—" in line(html, prefix_of("2.2"))  # a draft is no reported value


def test_the_todo_links_to_the_grid(login, alice, q3):
    assert GRID in login(alice).get(reverse("reporting:todo")).content.decode()


def test_save_all_as_draft_creates_only_the_rows_typed_in(login, alice, office, q3):
    client = login(alice)
    response = post(
        client,
        **{
            f"{prefix_of('2.1')}__value": "812",
            f"{task_prefix(1)}__percent_complete": "60",
            f"{task_prefix(1)}__work_done": "召开联席会议",
        },
    )
    assert response.status_code == 302
    figure = Figure.objects.get()
    assert figure.value == Decimal("812") and figure.state == SubmissionState.DRAFT
    report = TaskReport.objects.get()
    assert report.percent_complete == 60 and report.state == SubmissionState.DRAFT
    assert Transition.objects.filter(action="create").count() == 2
    assert not Notification.objects.filter(user=office).exists()
    assert "已保存 2 项，已提交 0 项。" in client.get(GRID).content.decode()


def test_submit_sends_the_ready_ones_and_says_why_the_others_wait(login, alice, office, q3):
    """R11.2: each ready item is one workflow submission (history, audit, notification)."""
    client = login(alice)
    response = post(
        client,
        action="submit",
        **{
            f"{prefix_of('2.1')}__value": "812",
            f"{task_prefix(1)}__percent_complete": "60",
            f"{task_prefix(1)}__work_done": "召开联席会议",
            f"{task_prefix(2)}__percent_complete": "30",  # no work described: not ready
        },
    )
    assert response.status_code == 302
    assert Figure.objects.get().state == SubmissionState.SUBMITTED
    assert TaskReport.objects.get(task__number=1).state == SubmissionState.SUBMITTED
    assert TaskReport.objects.get(task__number=2).state == SubmissionState.DRAFT
    assert Transition.objects.filter(action="submit").count() == 2
    assert Notification.objects.filter(user=office).count() == 2
    html = client.get(GRID).content.decode()
    assert "已保存 3 项，已提交 2 项。" in html
    waiting = line(html, task_prefix(2))
    assert "暂不能提交" in waiting and "请填写本季度工作进展。" in waiting
    assert f'name="{task_prefix(1)}-' not in html  # submitted: read-only now


def test_a_bad_row_is_marked_and_keeps_what_was_typed_while_the_others_are_saved(login, alice, q3):
    client = login(alice)
    response = post(
        client,
        action="submit",
        **{
            f"{prefix_of('2.1')}__value": "1,5",
            f"{task_prefix(1)}__percent_complete": "60",
            f"{task_prefix(1)}__work_done": "召开联席会议",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    bad = line(html, prefix_of("2.1"))
    assert "border-danger" in bad and 'value="1,5"' in bad and "逗号只能用作千位分隔符" in bad
    assert "已提交" in line(html, task_prefix(1))
    assert not Figure.objects.exists()
    assert TaskReport.objects.get().state == SubmissionState.SUBMITTED


def test_a_stale_row_is_refused_and_keeps_the_input(login, alice, q3, draft_figure):
    client = login(alice)
    data = current_fields(client)
    # Someone saves 2.1 on its own page after the grid was opened.
    client.post(
        reverse("reporting:figure", args=["2026Q3", "2.1", "market"]),
        {"value": "801", "note": "", "explanation": "", "version": 1, "action": "save"},
    )
    data[f"{prefix_of('2.1')}-value"] = "830"
    data[f"{task_prefix(1)}-work_done"] = "召开联席会议"
    data["action"] = "save"
    response = client.post(GRID, data)
    html = response.content.decode()
    assert response.status_code == 400
    stale = line(html, prefix_of("2.1"))
    assert "其他人已保存了此事项" in stale and 'value="830"' in stale
    draft_figure.refresh_from_db()
    assert draft_figure.value == Decimal("801")
    assert TaskReport.objects.get().work_done == "召开联席会议"


def test_an_unusual_value_needs_an_explanation_as_on_the_item_page(login, alice, q3):
    from tests.workflow.conftest import approved_history

    approved_history(Indicator.objects.get(code="2.1"), alice.bureau, [850, 860, 870])
    client = login(alice)
    post(client, action="submit", **{f"{prefix_of('2.1')}__value": "800"})
    figure = Figure.objects.get(period=q3)
    assert figure.state == SubmissionState.DRAFT
    html = client.get(GRID).content.decode()
    assert "低于上次审核通过的数值（870）" in line(html, prefix_of("2.1"))
    post(client, action="submit", **{f"{prefix_of('2.1')}__explanation": "专利到期失效"})
    figure.refresh_from_db()
    assert figure.state == SubmissionState.SUBMITTED


def test_the_grid_reads_a_fixed_number_of_queries(
    login, alice, q2, q3, django_assert_max_num_queries
):
    def report(ownership, period):
        TaskReport.objects.create(
            task=ownership.task,
            bureau=alice.bureau,
            period=period,
            work_done="x",
            percent_complete=10,
            state="submitted",
        )

    def figure(indicator, period):
        Figure.objects.create(
            indicator=indicator, bureau=alice.bureau, period=period, value=5, state="approved"
        )

    ownerships = list(alice.bureau.task_ownerships.all())
    indicators = list(Indicator.objects.filter(reporting_bureau=alice.bureau, source="figure"))
    for period in (q2, q3):
        report(ownerships[0], period)
        figure(indicators[0], period)
    client = login(alice)
    client.get(GRID)
    with django_assert_max_num_queries(50) as few:
        client.get(GRID)
    for ownership in ownerships[1:]:
        for period in (q2, q3):
            report(ownership, period)
    for indicator in indicators[1:]:
        for period in (q2, q3):
            figure(indicator, period)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(GRID)


def test_another_bureau_gets_404_and_the_office_reads_without_inputs(
    login, bob, office, q3, draft_figure
):
    assert login(bob).get(GRID).status_code == 404
    client = login(office)
    html = client.get(GRID).content.decode()
    assert "有效发明专利" in html and "grid-actions" not in html
    assert client.post(GRID, {"action": "save"}).status_code == 404


def test_an_unknown_period_is_404(login, alice):
    assert login(alice).get(reverse("reporting:grid", args=["2001Q1", "market"])).status_code == 404
