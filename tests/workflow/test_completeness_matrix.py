"""The completeness matrix reads without colour: each cell says its state in words, each column
names its figure or task, the period is picked from a menu, and the print stylesheet keeps
every column and the cells' words."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from targets.models import Figure, Indicator
from tests.targets.factories import period
from workflow.models import SubmissionState

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix(login, office, alice):
    q2, q3 = period(2026, 2), period(2026, 3)
    Figure.objects.create(
        indicator=Indicator.objects.get(code="2.1"),
        bureau=alice.bureau,
        period=q3,
        value=Decimal("830"),
        state=SubmissionState.APPROVED,
    )
    response = login(office).get(reverse("reporting:completeness"), {"period": "2026Q3"})
    assert response.status_code == 200
    return response.content.decode(), (q2, q3)


def test_each_cell_says_its_state_in_words(matrix):
    html, _periods = matrix
    row = re.search(r'<tr data-bureau="market">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r'<td class="cell cell-(\w+)"><a [^>]*>([^<]+)</a>', row)
    assert ("approved", "已审核") in cells
    assert all(text.strip() and text != "&nbsp;" for _state, text in cells)


def test_each_column_names_its_figure_or_task(matrix):
    html, _periods = matrix
    matrix_html = html[html.index('id="completeness"') :]
    head = matrix_html[: matrix_html.index("</thead>")]
    assert "2.1 有效发明专利" in head
    assert "1. 强化部门协同管理机制" in head


def test_the_period_is_picked_from_a_menu(matrix):
    html, _periods = matrix
    menu = re.search(r'<select [^>]*name="period".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\w+)"', menu) == ["2026Q3", "2026Q2"]
    assert re.search(r'<option value="2026Q3" selected', menu)


def test_printing_keeps_every_column_and_the_words():
    css = Path(finders.find("css/portal.css")).read_text(encoding="utf-8")
    printed = css[css.index("@media print") :]
    assert ".table-responsive" in printed and "overflow: visible" in printed
    assert "print-color-adjust: exact" in printed and "landscape" in css


def test_the_page_title_is_text(matrix):
    """The reminders' table once landed in the title block: the tab showed raw HTML."""
    html, _periods = matrix
    title = html[html.index("<title>") : html.index("</title>")]
    assert "<" not in title[len("<title>") :], title
