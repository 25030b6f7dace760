"""Pledged rights: CNIPA patent numbers (ZC 0006-2003 check character), trademark numbers."""

import re

import pytest
from django.core.exceptions import ValidationError

from finance.validators import (
    clean_number_list,
    normalise_patent_number,
    normalise_trademark_number,
    patent_check_character,
    validate_patent_number,
    validate_trademark_number,
)


def test_it_computes_the_check_character_by_the_weights():
    # 2·2+0·3+2·4+3·5+1·6+0·7+1·8+2·9+3·2+4·3+5·4+6·5 = 127; 127 mod 11 = 6
    assert patent_check_character("202310123456") == "6"
    # A published example: 2017 1 0601862, check 3
    assert patent_check_character("201710601862") == "3"
    # Before 2003, 8 digits: 95 1 15608 → 186 mod 11 = 10, written X
    assert patent_check_character("95115608") == "X"


@pytest.mark.parametrize(
    "number",
    [
        "ZL202310123456.6",
        "ZL 2023 1 0123456.6",
        "202310123456.6",
        "zl2023101234566",
        "CN201710601862.3",
        "ZL95115608.X",
        "ZL 95 1 15608.x",
    ],
)
def test_it_accepts_patent_numbers_as_people_write_them(number):
    validate_patent_number(number)


def test_it_writes_patent_numbers_one_way():
    assert normalise_patent_number("zl 2023 1 0123456.6") == "ZL202310123456.6"
    assert normalise_patent_number("2023101234566") == "ZL202310123456.6"
    assert normalise_patent_number("ZL95115608.x") == "ZL95115608.X"


@pytest.mark.parametrize(
    "number, code",
    [
        ("ZL202310123456.7", "patent_check"),
        ("ZL201710601862.4", "patent_check"),
        ("ZL95115608.1", "patent_check"),
        ("ZL202340123456.5", "patent_kind"),
        ("ZL20231012345.6", "patent_format"),
        ("ZL2023101234567.8", "patent_format"),
        ("US10123456", "patent_format"),
        ("专利一件", "patent_format"),
        ("ZL202310123456.A", "patent_format"),
    ],
)
def test_it_refuses_bad_patent_numbers(number, code):
    with pytest.raises(ValidationError) as refused:
        validate_patent_number(number)
    assert refused.value.code == code


def test_it_refuses_every_wrong_check_character():
    for wrong in "0123457896X":
        if wrong != "6":
            with pytest.raises(ValidationError):
                validate_patent_number(f"ZL202310123456.{wrong}")


@pytest.mark.parametrize("number", ["12345678", "第 7654321 号", "1", "712345678"])
def test_it_accepts_trademark_registration_numbers(number):
    validate_trademark_number(number)
    assert normalise_trademark_number(number).isdigit()


@pytest.mark.parametrize("number", ["", "TM123", "1234567890", "12-345", "G1234567"])
def test_it_refuses_bad_trademark_numbers(number):
    with pytest.raises(ValidationError) as refused:
        validate_trademark_number(number)
    assert refused.value.code == "trademark_format"


def test_it_cleans_a_typed_list_and_reports_each_bad_number():
    text = "ZL 2023 1 0123456.6，CN201710601862.3\nZL202310123456.6；ZL201710601862.4"
    cleaned, errors = clean_number_list(text, normalise_patent_number, validate_patent_number)
    assert cleaned == "ZL202310123456.6\nZL201710601862.3"
    assert [e.code for e in errors] == ["patent_check"]


def test_the_examples_the_forms_give_pass_the_forms_own_check():
    from finance.models import PledgeLoan
    from finance.validators import PATENT_FORMAT

    help_text = str(PledgeLoan._meta.get_field("patent_numbers").help_text)
    examples = re.findall(r"ZL[\d.X]+", help_text + str(PATENT_FORMAT))
    assert len(examples) == 2
    for example in examples:
        validate_patent_number(example.rstrip("."))
