"""Validators for identifiers the registers share."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: the unified social credit code (统一社会信用代码).
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_SHAPE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

USCC_FORMAT = _(
    "A unified social credit code has 18 characters: digits and capital letters except "
    "I, O, S, V and Z, with the 3rd to 8th characters digits."
)
USCC_CHECK = _(
    "The check character of this unified social credit code is wrong: please re-check it."
)


def uscc_check_character(first17: str) -> str:
    """The 18th character GB 32100-2015 derives from the first 17."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def normalise_uscc(value: str) -> str:
    """Upper-case and without spaces, as people type it from a licence."""
    return re.sub(r"\s", "", value or "").upper()


def validate_uscc(value: str) -> None:
    code = normalise_uscc(value)
    if not USCC_SHAPE.match(code):
        raise ValidationError(USCC_FORMAT, code="uscc_format")
    if uscc_check_character(code[:17]) != code[17]:
        raise ValidationError(USCC_CHECK, code="uscc_check")


# GB 11643-1999: the citizen identification number (公民身份号码) on a resident identity card.
ID_NUMBER_SHAPE = re.compile(r"^\d{17}[\dX]$")
ID_NUMBER_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_NUMBER_CHECK_CHARACTERS = "10X98765432"

ID_NUMBER_FORMAT = _("An ID number has 18 characters: 17 digits, then a digit or X.")
ID_NUMBER_CHECK = _("The check character of this ID number is wrong: please re-check it.")


def id_number_check_character(first17: str) -> str:
    """The 18th character GB 11643-1999 derives from the first 17 (ISO 7064 MOD 11-2)."""
    total = sum(int(c) * w for c, w in zip(first17, ID_NUMBER_WEIGHTS, strict=True))
    return ID_NUMBER_CHECK_CHARACTERS[total % 11]


def normalise_id_number(value: str) -> str:
    """Without spaces, the check letter upper-case (people type x as often as X)."""
    return re.sub(r"\s", "", value or "").upper()


def validate_id_number(value: str) -> None:
    number = normalise_id_number(value)
    if not ID_NUMBER_SHAPE.match(number):
        raise ValidationError(ID_NUMBER_FORMAT, code="id_number_format")
    if id_number_check_character(number[:17]) != number[17]:
        raise ValidationError(ID_NUMBER_CHECK, code="id_number_check")
