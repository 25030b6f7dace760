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
