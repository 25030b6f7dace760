"""One word for each state wherever an item shows: a never-saved item is 未开始 on its page and
in the to-do, a submitted item loaded without history never says it is unsaved, and a unit that
owes nothing is told so, not that everything is submitted."""

from decimal import Decimal

import pytest
from django.urls import reverse

from bureaus.models import Bureau, BureauKind, Role
from targets.models import Figure, Indicator
from targets.periods import ensure_open_periods
from tests.conftest import make_user
from workflow.models import SubmissionState

pytestmark = pytest.mark.django_db

OWES_NOTHING = "本单位本季度无需报送任何事项。"
ALL_SUBMITTED = "全部已提交"


@pytest.fixture
def periods(db):
    return ensure_open_periods()


def state_badge(html: str) -> str:
    """The words of the first state badge on a page."""
    start = html.index('<span class="badge', html.index("<h1"))
    return html[html.index(">", start) + 1 : html.index("</span>", start)]


def test_a_never_saved_item_is_not_started_on_its_page_and_in_the_todo(login, alice, periods):
    client = login(alice)
    todo = client.get(reverse("reporting:todo")).content.decode()
    row = todo[todo.index("有效发明专利") :]
    assert "未开始" in row[: row.index("</tr>")]
    page = client.get(reverse("reporting:figure", args=[periods[0], "2.1", "market"]))
    assert state_badge(page.content.decode()) == "未开始"  # not 草稿


def test_a_submitted_item_loaded_without_history_does_not_say_it_is_unsaved(login, alice, periods):
    figure = Figure.objects.create(
        indicator=Indicator.objects.get(code="2.1"),
        bureau=alice.bureau,
        period=periods[0],
        value=Decimal("830"),
        state=SubmissionState.SUBMITTED,
    )  # as load_demo makes it: no transition recorded
    html = login(alice).get(figure.get_absolute_url()).content.decode()
    assert state_badge(html) == "已提交"
    assert "尚未保存" not in html


def test_a_unit_that_owes_nothing_is_told_so(login, periods):
    town = Bureau.objects.create(code="town", name="甲镇", kind=BureauKind.TOWN, order=99)
    clerk = make_user("clerk", Role.STAFF, town)
    client = login(clerk)
    todo = client.get(reverse("reporting:todo")).content.decode()
    assert todo.count(OWES_NOTHING) == len(periods) and ALL_SUBMITTED not in todo
    dashboard = client.get(reverse("reports:bureau")).content.decode()
    assert OWES_NOTHING in dashboard and ALL_SUBMITTED not in dashboard


def test_a_unit_that_submitted_everything_is_told_that(login, periods):
    town = Bureau.objects.create(code="town", name="甲镇", kind=BureauKind.TOWN, order=99)
    trademarks = Indicator.objects.get(code="2.4")
    trademarks.reporting_bureau = town
    trademarks.save()
    for period in periods:
        Figure.objects.create(
            indicator=trademarks,
            bureau=town,
            period=period,
            value=Decimal("18000"),
            state=SubmissionState.SUBMITTED,
        )
    todo = login(make_user("clerk", Role.STAFF, town)).get(reverse("reporting:todo"))
    assert ALL_SUBMITTED in todo.content.decode()
    assert OWES_NOTHING not in todo.content.decode()
