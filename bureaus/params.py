"""Ids and years read from a query string, and JSON read from a body: only what the database,
Python's dates and UTF-8 hold.

A 23-digit `?enterprise=` reached SQLite as a Python int it cannot bind (OverflowError, a 500);
PostgreSQL's bigint has the same bound. `?year=99999` made `date(99999, 1, 1)` fail. Every list
reads its id and year filters through here and answers a value outside the bounds with a 400;
the API reads JSON bodies with `TextJSONParser`.
"""

import datetime
import re

import django_filters
from django import forms
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_ID = 2**63 - 1  # a signed 64-bit integer: SQLite INTEGER, PostgreSQL bigint
NOT_A_YEAR = gettext_lazy("“%(value)s” is not a year.")


def read_year(value: str) -> int | None:
    """A year the database can filter dates on (1 to 9999), or None: `date__year=86400` is an
    error in Python's date, not an empty result."""
    if value.isascii() and value.isdecimal() and datetime.MINYEAR <= int(value) <= datetime.MAXYEAR:
        return int(value)
    return None


def read_id(value: str) -> int | None:
    """The id the text names, or None if it is not a whole number from 1 to MAX_ID."""
    if value.isascii() and value.isdecimal() and 1 <= int(value) <= MAX_ID:
        return int(value)
    return None


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A foreign key by its id (?enterprise=12): anything outside 1..MAX_ID is a form error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)


class IdChoiceField(forms.ModelChoiceField):
    """A record picked from a menu by its id, which refuses an id outside 1..MAX_ID with the
    bound named, as IdFilter does, before asking the database."""

    def to_python(self, value):
        if value not in self.empty_values and read_id(str(value)) is None:
            forms.IntegerField(min_value=1, max_value=MAX_ID).clean(value)
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.INT)
class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """A foreign key offered as a menu of names (?enterprise=12 in links and the API)."""

    field_class = IdChoiceField


LONE_SURROGATE = re.compile("[\ud800-\udfff]")
NOT_TEXT = gettext_lazy(
    "The request holds a character that is not text (a lone UTF-16 surrogate such as \\ud800)."
)


def _holds_lone_surrogate(value) -> bool:
    if isinstance(value, str):
        return LONE_SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_holds_lone_surrogate(k) or _holds_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_lone_surrogate(item) for item in value)
    return False


class TextJSONParser(JSONParser):
    """JSON whose strings are text: "\\ud800" is valid JSON but no character, and an error
    message quoting it could not be encoded (a 500 on any choice field). Refused as a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if _holds_lone_surrogate(data):
            raise ParseError(NOT_TEXT)
        return data
