"""The unified social credit code's check character (GB 32100-2015)."""

import pytest
from django.core.exceptions import ValidationError

from bureaus.validators import normalise_uscc, uscc_check_character, validate_uscc

VALID = [
    "91350100M000100Y43",  # the example code of GB 32100-2015
    "91440300708461136T",  # a published business-licence code
]


@pytest.mark.parametrize("code", VALID)
def test_it_accepts_valid_codes(code):
    validate_uscc(code)


@pytest.mark.parametrize("code", VALID)
def test_it_refuses_any_single_changed_check_character(code):
    for wrong in "0123456789ABCDEFGHJKLMNPQRTUWXY":
        if wrong != code[17]:
            with pytest.raises(ValidationError) as refused:
                validate_uscc(code[:17] + wrong)
            assert refused.value.code == "uscc_check"


@pytest.mark.parametrize(
    "code",
    ["", "91350100M000100Y4", "91350100M000100Y433", "91350100M000I00Y43", "913501A0M000100Y43"],
)
def test_it_refuses_malformed_codes(code):
    with pytest.raises(ValidationError) as refused:
        validate_uscc(code)
    assert refused.value.code == "uscc_format"


def test_it_reads_codes_as_people_type_them():
    assert normalise_uscc(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert uscc_check_character("91350100M000100Y4") == "3"
