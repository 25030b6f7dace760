"""The case list in Chinese: every sort option in words, ascending and descending."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_sort_option_is_in_chinese(login, alice):
    html = login(alice).get(reverse("enforcement:case-list")).content.decode()
    menu = re.search(r'<select name="sort".*?</select>', html, re.S).group(0)
    options = re.findall(r'<option value="(-?\w+)"[^>]*>([^<]*)</option>', menu)
    labels = dict(options)
    assert labels["number"] == "案件编号" and labels["-number"] == "案件编号（降序）"
    assert labels["fine"] == "罚款（元）" and labels["-fine"] == "罚款（元）（降序）"
    assert labels["-filed_on"] == "立案日期（降序）"
    assert not [label for _value, label in options if re.search("[A-Za-z]", label)]


def test_the_list_shows_each_cases_closing_date(login, alice, make_case):
    import datetime

    from enforcement import services

    closed = make_case(alice, number="市监知处〔2026〕7号")
    for status, day in (("investigating", 10), ("closed", 21)):
        services.case_advance(
            closed, user=alice, to_status=status, happened_on=datetime.date(2026, 4, day)
        )
    make_case(alice, number="市监知处〔2026〕8号")
    html = login(alice).get(reverse("enforcement:case-list")).content.decode()
    assert "<th>结案日期</th>" in html
    row = r'data-number="([^"]+)">.*?<td class="text-nowrap closed-on">([^<]*)<'
    cells = dict(re.findall(row, html, re.S))
    assert cells == {"市监知处〔2026〕7号": "2026-04-21", "市监知处〔2026〕8号": "—"}
