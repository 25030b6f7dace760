"""Numbers of pledged rights: CNIPA patent numbers and trademark registration numbers.

A Chinese patent (application) number, ZC 0006-2003, is the application number with "ZL" in
front once granted:
- since 1 October 2003: year (4) + kind (1) + serial (7) + "." + check, e.g. ZL 2023 1 0123456.6;
- before: year (2) + kind (1) + serial (5) + "." + check, e.g. ZL 95 1 15608.X.
The kind is 1 invention, 2 utility model, 3 design, 8 PCT invention, 9 PCT utility model. The
check character is the sum of the digits times 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 (in that
order), modulo 11, with 10 written as X.

A trademark registration number (商标注册号) is the serial number CNIPA gives the mark: digits
only, with no check character (the register has passed 70 million, so up to 9 digits here).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
PATENT_KINDS = "12389"
PATENT_SHAPE = re.compile(r"^(?:ZL|CN)?(\d{8}|\d{12})\.?([0-9X])$")
TRADEMARK_SHAPE = re.compile(r"^\d{1,9}$")

PATENT_FORMAT = _(
    "“%(value)s” is not a Chinese patent number: write it like ZL202310123456.6 "
    "(year, kind, serial number, a point and the check character)."
)
PATENT_KIND = _(
    "“%(value)s” has no valid patent kind: the digit after the year must be 1, 2, 3, 8 or 9."
)
PATENT_CHECK = _("The check character of patent number “%(value)s” is wrong: please re-check it.")
TRADEMARK_FORMAT = _(
    "“%(value)s” is not a trademark registration number: it has digits only, up to 9."
)
SEPARATORS = re.compile(r"[\n\r,，;；、]+")  # not spaces: "ZL 2023 1 0123456.6" is one


def patent_check_character(digits: str) -> str:
    """The check character ZC 0006-2003 derives from the 8 or 12 digits of the number."""
    total = sum(int(d) * w for d, w in zip(digits, PATENT_WEIGHTS, strict=False))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def normalise_patent_number(value: str) -> str:
    """`ZL 2023 1 0123456.6`, `cn2023101234566` → `ZL202310123456.6` (unchanged if malformed)."""
    text = re.sub(r"[\s·]", "", value or "").upper().replace("．", ".")
    match = PATENT_SHAPE.match(text)
    if not match:
        return text
    return f"ZL{match[1]}.{match[2]}"


def validate_patent_number(value: str) -> None:
    text = normalise_patent_number(value)
    match = PATENT_SHAPE.match(text)
    if not match:
        raise ValidationError(PATENT_FORMAT, code="patent_format", params={"value": value})
    digits = match[1]
    kind = digits[4] if len(digits) == 12 else digits[2]
    if kind not in PATENT_KINDS:
        raise ValidationError(PATENT_KIND, code="patent_kind", params={"value": value})
    if patent_check_character(digits) != match[2]:
        raise ValidationError(PATENT_CHECK, code="patent_check", params={"value": value})


def normalise_trademark_number(value: str) -> str:
    return re.sub(r"[\s第号]", "", value or "")


def validate_trademark_number(value: str) -> None:
    if not TRADEMARK_SHAPE.match(normalise_trademark_number(value)):
        raise ValidationError(TRADEMARK_FORMAT, code="trademark_format", params={"value": value})


def split_numbers(text: str) -> list[str]:
    """Numbers typed one per line or separated by commas, semicolons or 、."""
    return [part.strip() for part in SEPARATORS.split(text or "") if part.strip()]


def clean_number_list(text: str, normalise, validate) -> tuple[str, list[ValidationError]]:
    """The list normalised, one per line, without repeats; and each bad number's error."""
    numbers, errors = [], []
    for part in split_numbers(text):
        try:
            validate(part)
        except ValidationError as error:
            errors.append(error)
            continue
        number = normalise(part)
        if number not in numbers:
            numbers.append(number)
    return "\n".join(numbers), errors
