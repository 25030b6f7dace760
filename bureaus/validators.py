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
