"""On a phone (390 px), list headers keep at least two characters a line: a table too wide
for the screen scrolls sideways instead of folding each header into a column of characters
(cases, review queue, assessment)."""

import datetime
from decimal import Decimal

import pytest

from enforcement.services import case_create
from targets.models import Figure, Indicator
from tests.conftest import PASSWORD
from tests.e2e.conftest import screenshot
from tests.enforcement.conftest import case_data
from tests.targets.factories import period
from workflow.models import SubmissionState

pytestmark = pytest.mark.django_db(transaction=True)

# Each header's text box: too narrow for two characters of its font is a folded header.
FOLDED = """(selector) => [...document.querySelectorAll(selector + ' thead th')]
  .filter(th => th.innerText.trim().length >= 2)
  .filter(th => {
    const style = getComputedStyle(th);
    const inner = th.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return inner < 2 * parseFloat(style.fontSize);
  })
  .map(th => th.innerText.trim())"""


@pytest.fixture
def records(alice):
    case_create(user=alice, data=case_data())
    Figure.objects.create(
        indicator=Indicator.objects.get(code="2.1"),
        bureau=alice.bureau,
        period=period(2026, 3),
        value=Decimal("830"),
        state=SubmissionState.SUBMITTED,
        submitted_at=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC),
    )


@pytest.mark.parametrize(
    ("url", "table"),
    [
        ("/cases/", "#case-table"),
        ("/reporting/review/", "#review-queue"),
        ("/assessment/", "#scorecard"),
    ],
)
def test_headers_do_not_fold_on_a_phone(browser, live_server, office, records, url, table):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    try:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", office.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]:not([name=language])")
        page.wait_for_url(lambda u: "/accounts/login/" not in u)
        page.goto(url)
        page.wait_for_selector(table)
        screenshot(page, f"phone-{table.strip('#')}")
        assert page.evaluate(FOLDED, table) == []
    finally:
        context.close()
