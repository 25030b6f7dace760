"""R9.2: amounts with a comma every three digits and two decimals, one unit per table (元 on
the register pages and the headlines, 万元 in the report's financing section, its note too);
the on-time rate a percentage, not a count."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ipcity.money import amount_text
from tests.finance.conftest import make_enterprise, make_loan
from tests.targets.factories import compute, period
from workflow.selectors import rows_for

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 2)


def test_the_amount_text_groups_thousands_with_two_decimals():
    assert amount_text(Decimal("121000000")) == "121,000,000.00"
    assert amount_text(Decimal("121000000"), "万元") == "12,100.00"
    assert amount_text(Decimal("300000.00")) == "300,000.00"
    assert amount_text(Decimal("30000.3")) == "30,000.30"
    assert amount_text(None) == "—"


@pytest.fixture
def big_loan(db, monkeypatch, market):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    for q in (1, 2, 3, 4):
        period(2026, q)
    firm = make_enterprise(market, serial=21)
    return make_loan(firm, "121000000", D(2026, 3, 15), lender="甲银行")


def test_the_loan_pages_show_yuan_grouped(login, alice, big_loan):
    client = login(alice)
    assert "121,000,000.00" in client.get(reverse("finance:loan-list")).content.decode()
    assert "121,000,000.00" in client.get(big_loan.get_absolute_url()).content.decode()


def test_the_report_keeps_one_unit_per_table(login, office, big_loan):
    from finance.models import InterestSubsidy, SubsidyPolicy

    policy = SubsidyPolicy.objects.create(
        year=2026, share=Decimal("50"), cap_per_enterprise=Decimal("500000")
    )
    InterestSubsidy.objects.create(
        loan=big_loan,
        policy=policy,
        interest_from=D(2026, 3, 15),
        interest_to=D(2026, 6, 14),
        applied_amount=Decimal("250000"),
        applied_on=D(2026, 4, 1),
        approved_amount=Decimal("250000"),
        approved_on=D(2026, 4, 10),
        paid_amount=Decimal("250000"),
        paid_on=D(2026, 5, 1),
    )
    compute(today=TODAY)
    html = login(office).get(reverse("report:preview", kwargs={"code": "2026Q3"})).content
    html = html.decode()
    financing = html[html.index('id="section-financing"') :]
    financing = financing[: financing.index("</section>")]
    assert "12,100.00" in financing and "121,000,000" not in financing
    assert "25.00 万元" in financing  # the subsidies of its note, in the table's unit
    headlines = html[html.index("report-table headlines") :]
    assert "121,000,000.00" in headlines[: headlines.index("</table>")]


def test_the_on_time_rate_is_a_percentage(login, office, alice, monkeypatch):
    from targets.models import Figure, Indicator
    from workflow.models import SubmissionState

    real = timezone.localdate
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda value=None, *a: real(value) if value else TODAY
    )
    q3 = period(2026, 3)
    Figure.objects.create(
        indicator=Indicator.objects.get(code="2.1"),
        bureau=alice.bureau,
        period=q3,
        value=Decimal("830"),
        state=SubmissionState.SUBMITTED,
        submitted_at=datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC),
    )
    owed = len(rows_for(q3, alice.bureau_id))  # 1 of them submitted on time
    html = login(office).get(reverse("reports:dashboard")).content.decode()
    row = html[html.index('<tr data-bureau="market"') :]
    cells = re.findall(r'<td class="text-end[^"]*">([^<]*)</td>', row[: row.index("</tr>")])
    assert cells == [str(owed), "1", f"{round(100 / owed)}%"]  # owed, submitted, on-time rate
    assert "按时报送率" in html
