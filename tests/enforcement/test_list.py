"""The case list: filters, search, sort, paging with a fixed query count, and the export of
exactly the filtered list (read back with openpyxl)."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override
from openpyxl import load_workbook

from enforcement import services
from enforcement.excel import COLUMNS
from enforcement.models import Campaign, Case

from .conftest import walk

pytestmark = pytest.mark.django_db
LIST = reverse("enforcement:case-list")
EXPORT = reverse("enforcement:case-export")


@pytest.fixture
def cases(alice, make_case, town, police, market):
    campaign = Campaign.objects.create(
        name="铁拳行动", starts_on=datetime.date(2026, 1, 1), lead_bureau=market
    )
    made = [
        make_case(
            alice,
            number="A-1",
            ip_type="trademark",
            filed_on=datetime.date(2026, 1, 5),
            town=town,
            campaign=campaign,
            fine=Decimal("5000"),
        ),
        make_case(
            alice,
            number="A-2",
            ip_type="patent",
            filed_on=datetime.date(2026, 2, 5),
            respondent_name="王某",
            respondent_is_company=False,
            respondent_uscc="",
            joint_enforcement=True,
            fine=Decimal("0"),
        ),
        make_case(
            alice,
            number="A-3",
            ip_type="copyright",
            proceeding="mediation",
            source="ecommerce",
            filed_on=datetime.date(2026, 3, 5),
            fine=Decimal("80000"),
            goods_seized="光盘 50 张",
            credit_flag=True,
        ),
        make_case(
            alice,
            number="A-4",
            ip_type="gi",
            filed_on=datetime.date(2025, 12, 1),
            punitive_damages=True,
            right_holder="某某农业专业合作社",
        ),
    ]
    walk(made[0], alice, "investigating", "legal_review", "decided", start=made[0].filed_on)
    services.case_transfer(
        made[1],
        user=alice,
        to_bureau=police,
        reason="涉嫌犯罪",
        happened_on=datetime.date(2026, 2, 20),
    )
    return made


def numbers(response) -> list[str]:
    return [c.number for c in response.context["cases"]]


def exported(client, query="") -> list[list]:
    response = client.get(f"{EXPORT}?{query}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["A-3", "A-2", "A-1", "A-4"]),
        # The form submitted with nothing chosen filters nothing.
        (
            "q=&status=&joint_enforcement=&transferred=&goods_seized=&filed_after=&sort=",
            ["A-3", "A-2", "A-1", "A-4"],
        ),
        ("ip_type=patent", ["A-2"]),
        ("proceeding=mediation", ["A-3"]),
        ("source=ecommerce", ["A-3"]),
        ("status=decided", ["A-1"]),
        ("status=transferred", ["A-2"]),
        ("bureau=market", ["A-3", "A-2", "A-1", "A-4"]),
        ("bureau=science", []),
        ("town=town-x", ["A-1"]),
        ("joint_enforcement=true", ["A-2"]),
        ("punitive_damages=true", ["A-4"]),
        ("credit_flag=true", ["A-3"]),
        ("goods_seized=true", ["A-3"]),
        ("respondent_is_company=false", ["A-2"]),
        ("transferred=true", ["A-2"]),
        ("transferred=false", ["A-3", "A-1", "A-4"]),
        ("filed_after=2026-01-01&filed_before=2026-02-28", ["A-2", "A-1"]),
        ("decided_after=2026-01-01", ["A-1"]),
        ("fine_min=5000&fine_max=10000", ["A-1"]),
        ("q=王某", ["A-2"]),
        ("q=A-3", ["A-3"]),
        ("q=合作社", ["A-4"]),
        ("sort=number", ["A-1", "A-2", "A-3", "A-4"]),
        ("sort=-fine", ["A-3", "A-4", "A-1", "A-2"]),
        ("sort=filed_on&ip_type=trademark", ["A-1"]),
    ],
)
def test_it_filters_sorts_and_exports_the_same_list(login, alice, cases, query, expected):
    client = login(alice)
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200
    assert numbers(response) == expected
    rows = exported(client, query)
    assert [row[0] for row in rows[1:]] == expected
    assert client.get(reverse("case-list") + f"?{query}").json()["count"] == len(expected)


def test_it_filters_by_campaign(login, alice, cases):
    campaign = Campaign.objects.get()
    assert numbers(login(alice).get(f"{LIST}?campaign={campaign.pk}")) == ["A-1"]


def test_it_exports_every_column_and_formula_looking_text_as_text(login, alice, make_case):
    make_case(
        alice,
        number="B-1",
        respondent_name='=HYPERLINK("http://x")',
        respondent_is_company=False,
        respondent_uscc="",
        fine=Decimal("1234.50"),
    )
    rows = exported(login(alice))
    header, row = rows
    with override("zh-hans"):  # the page's language
        assert header == [column.label for column in COLUMNS]
    assert len(header) == len(row) == 26
    assert row[8] == '=HYPERLINK("http://x")'  # the respondent, as text
    assert Decimal(str(row[17])) == Decimal("1234.5")  # the fine, as a number
    assert row[13] == datetime.datetime(2026, 3, 2)  # filed on, as a date
    content = b"".join(login(alice).get(EXPORT).streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"HYPERLINK" in sheet_xml  # kept, never a formula


def test_it_refuses_a_bad_filter_with_no_rows(login, alice, cases):
    response = login(alice).get(f"{LIST}?filed_after=not-a-date")
    assert numbers(response) == []
    assert response.context["filter"].errors


def test_it_lists_any_number_of_cases_with_the_same_queries(login, office, alice, make_case):
    client = login(office)

    def count_queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(LIST).status_code == 200
        return len(context.captured_queries)

    make_case(alice, number="Q-0")
    few = count_queries()
    for index in range(1, 30):
        make_case(alice, number=f"Q-{index}", filed_on=datetime.date(2026, 1, 1 + index % 28))
    assert count_queries() == few
    assert Case.objects.count() == 30


def test_it_pages_the_list(login, alice, make_case):
    for index in range(30):
        make_case(alice, number=f"P-{index:02d}")
    client = login(alice)
    first = client.get(LIST)
    second = client.get(f"{LIST}?page=2")
    assert len(first.context["cases"]) == 25 and len(second.context["cases"]) == 5
    assert not set(numbers(first)) & set(numbers(second))
