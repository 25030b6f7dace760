"""A number is read as the person typed it, or refused with the reason: "1,5" is never 15, and
text is never dropped (ipcity/numbers.py)."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from ipcity.numbers import read_number
from spreadsheets.xlsx import parse_number
from targets.models import Figure
from tests.workflow.test_pages import figure_url, post_figure


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("15", Decimal("15")),
        ("1.5", Decimal("1.5")),
        ("1,500", Decimal("1500")),
        ("12,345,678.9", Decimal("12345678.9")),
        ("１，５００", Decimal("1500")),  # full-width digits and comma
        ("１．５", Decimal("1.5")),
        (" 2 000 ", Decimal("2000")),
        ("-3", Decimal("-3")),
    ],
)
def test_it_reads_what_people_type(typed, number):
    assert read_number(typed) == number


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1,5", "逗号只能用作千位分隔符"),
        ("1，5", "逗号只能用作千位分隔符"),
        ("15,00", "逗号只能用作千位分隔符"),
        ("1,5000", "逗号只能用作千位分隔符"),
        ("约100", "不是数字"),
        ("一百", "不是数字"),
    ],
)
def test_it_refuses_what_it_cannot_read_and_says_why(typed, reason):
    with pytest.raises(ValidationError) as refused:
        read_number(typed)
    assert reason in refused.value.messages[0]
    assert typed.strip() in refused.value.messages[0]


def test_an_import_reads_a_cell_the_same_way():
    assert parse_number(SimpleNamespace(value="1,500", data_type="s")) == (Decimal("1500"), None)
    number, error = parse_number(SimpleNamespace(value="1,5", data_type="s"))
    assert number is None and "逗号只能用作千位分隔符" in error


@pytest.mark.django_db
def test_the_figure_page_refuses_a_decimal_comma_and_keeps_the_input(login, alice, q3):
    response = post_figure(login(alice), value="1,5", note="季度统计")
    html = response.content.decode()
    assert response.status_code == 400
    assert "逗号只能用作千位分隔符" in html
    assert 'value="1,5"' in html and "季度统计" in html
    assert not Figure.objects.exists()


@pytest.mark.django_db
def test_the_figure_page_reads_thousands_and_offers_a_decimal_keypad(login, alice, q3):
    client = login(alice)
    assert 'inputmode="decimal"' in client.get(figure_url()).content.decode()
    assert post_figure(client, value="1,500").status_code == 302
    assert Figure.objects.get().value == Decimal("1500")
