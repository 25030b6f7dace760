"""The dashboards answer from their cache (fewer queries), yet show a change at once: the cache
key carries the data version, which every submission, approval, progress run and office edit
moves on. And no user, bureau or language is ever answered with another's page."""

import json
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bureaus.models import Bureau
from targets.models import FigureState, Indicator
from tasks_registry.models import TaskOwnership, TaskReport, TaskStatus
from tests.targets.factories import TODAY, compute, figure, period
from workflow import services as workflow

pytestmark = pytest.mark.django_db

OFFICE = reverse("reports:dashboard")
OWN_BUREAU = reverse("reports:bureau")


@pytest.fixture(autouse=True)
def today(monkeypatch, db):
    """The reporting quarter is 2026Q4 (ended, due 2027-01-10)."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    period(2026, 4)


@pytest.fixture
def patents():
    return Indicator.objects.get(code="2.1")


def as_(user) -> Client:
    """A client of its own per user (the `login` fixture logs one client in and out)."""
    client = Client()
    client.force_login(user)
    return client


def get(client, url, **extra):
    """The page's HTML and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def without_tokens(html: str) -> str:
    """The page without its CSRF tokens (the logout form's, the recompute form's)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def chart_values(html: str, code: str) -> list:
    data = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(data.group(1))["indicators"][code]["values"]


def completeness_of(html: str, bureau: str) -> list[str]:
    """Owed, submitted and the on-time rate of one bureau's line of the completeness table."""
    row = re.search(rf'<tr data-bureau="{bureau}"[^>]*>(.*?)</tr>', html, re.S).group(1)
    return re.findall(r'<td class="text-end[^"]*">(\d+%?)</td>', row)


@pytest.mark.parametrize(("persona", "url"), [("office", OFFICE), ("alice", OWN_BUREAU)])
def test_the_second_request_is_answered_from_the_cache(request, patents, persona, url):
    figure(patents, 2026, 3, 500)
    compute()
    client = as_(request.getfixturevalue(persona))
    first_html, built = get(client, url)
    second_html, cached = get(client, url)
    assert without_tokens(second_html) == without_tokens(first_html)
    # Session, user, the data version (and the bureau): not the cards, matrix or completeness.
    assert cached <= 5 < built


def test_a_submission_and_an_approval_show_at_once_and_the_run_after_them(office, alice, patents):
    compute()
    office_client = as_(office)
    before, _ = get(office_client, OFFICE)
    get(office_client, OFFICE)  # now cached
    owed, submitted, _on_time = completeness_of(before, "market")

    draft = figure(patents, 2026, 4, 800, state=FigureState.DRAFT)
    workflow.transition(draft, "submit", user=alice)
    after_submit, _ = get(office_client, OFFICE)
    assert completeness_of(after_submit, "market")[:2] == [owed, str(int(submitted) + 1)]

    workflow.transition(draft, "approve", user=office)
    assert 800.0 not in chart_values(get(office_client, OFFICE)[0], "2.1")  # not computed yet
    compute()
    assert chart_values(get(office_client, OFFICE)[0], "2.1")[-1] == 800.0


def test_a_submitted_task_report_shows_in_the_matrix_and_leaves_the_bureaus_to_do(office, alice):
    ownership = TaskOwnership.objects.filter(bureau__code="market").select_related("task").first()
    task = ownership.task
    office_client, alice_client = as_(office), as_(alice)
    for client, url in ((office_client, OFFICE), (alice_client, OWN_BUREAU)):
        get(client, url)
    matrix_row = f'<tr data-number="{task.number}">'
    assert 'data-status="delayed"' not in get(office_client, OFFICE)[0]
    todo = get(alice_client, OWN_BUREAU)[0]
    todo_rows = todo.count('data-kind="task"')

    report = TaskReport.objects.create(
        task=task,
        bureau=ownership.bureau,
        period=period(2026, 4),
        status=TaskStatus.DELAYED,
        work_done="模拟工作",
        problems="资金未到位",
    )
    workflow.transition(report, "submit", user=alice)

    office_html = get(office_client, OFFICE)[0]
    row = office_html[office_html.index(matrix_row) :].split("</tr>")[0]
    assert 'data-status="delayed"' in row
    assert get(alice_client, OWN_BUREAU)[0].count('data-kind="task"') == todo_rows - 1


def test_an_office_edit_and_a_new_day_show_at_once(office, patents, monkeypatch):
    client = as_(office)
    get(client, OFFICE)
    patents.name = "发明专利授权量（改）"
    patents.save()
    assert "发明专利授权量（改）" in get(client, OFFICE)[0]

    html, _ = get(client, OFFICE)
    assert "the due date has passed" in html or "已过截止日期" in html  # 2027-01-15 > 01-10
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: period(2026, 4).due_date)
    html, _ = get(client, OFFICE)
    assert "the due date has passed" not in html and "已过截止日期" not in html


def test_bureau_staff_never_see_another_bureaus_cached_page(alice, bob, office):
    market, science = Bureau.objects.get(code="market"), Bureau.objects.get(code="science")
    alice_page = get(as_(alice), OWN_BUREAU)[0]
    assert f">{market.name}</h1>" in alice_page

    bob_client = as_(bob)
    bob_page = get(bob_client, OWN_BUREAU)[0]
    assert f">{science.name}</h1>" in bob_page and market.name not in bob_page.split("</h1>")[0]
    # The market page is cached now; it is still not bob's to open.
    assert bob_client.get(reverse("reports:bureau-detail", args=["market"])).status_code == 404
    assert as_(alice).get(reverse("reports:dashboard")).status_code == 403


def test_the_office_and_the_bureau_get_their_own_cached_page_of_the_same_bureau(office, bob):
    """Staff's to-do links to their forms; the office (of the market bureau) sees the science
    bureau's page without them."""
    office_client = as_(office)
    science_url = reverse("reports:bureau-detail", args=["science"])
    office_first = get(office_client, science_url)[0]
    bob_page = get(as_(bob), OWN_BUREAU)[0]
    office_again = get(office_client, science_url)[0]
    todos = r'<ul class="list-group" id="todos">(.*?)</ul>'
    assert "<a href=" in re.search(todos, bob_page, re.S).group(1)
    assert "<a href=" not in re.search(todos, office_again, re.S).group(1)
    assert without_tokens(office_again) == without_tokens(office_first)


def test_a_leader_never_gets_the_offices_buttons_from_the_cache(office, leader):
    office_html = get(as_(office), OFFICE)[0]
    leader_html = get(as_(leader), OFFICE)[0]
    recompute = f'action="{reverse("targets:compute-progress")}"'
    details = f' · <a href="{reverse("reporting:completeness")}">'  # under the completeness title
    for button in (recompute, details):
        assert button in office_html
        assert button not in leader_html


def test_each_language_gets_its_own_cached_page(office):
    client = as_(office)
    chinese = get(client, OFFICE)[0]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = get(client, OFFICE)[0]
    assert "Key tasks × bureaus" in english
    assert "Key tasks × bureaus" not in chinese
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert without_tokens(get(client, OFFICE)[0]) == without_tokens(chinese)


def test_each_office_user_gets_a_fresh_csrf_token_in_the_recompute_form(office):
    """The form is outside the cached parts: two sessions, two tokens."""
    from bureaus.models import Role
    from tests.conftest import make_user

    second = make_user("office2", Role.OFFICE, office.bureau)
    pattern = r'id="recompute"><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"'
    first_token = re.search(pattern, get(as_(office), OFFICE)[0]).group(1)
    second_token = re.search(pattern, get(as_(second), OFFICE)[0]).group(1)
    assert first_token != second_token
