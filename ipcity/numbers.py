"""How a number a person typed is read, once for every form and import.

Full-width digits, points and commas (１，５００．５) are read as their ASCII forms. A comma is a
thousands separator only between groups of three digits (1,500 and 12,345,678.9); anything else
with a comma ("1,5", "1，5": a decimal comma, or a slip) is refused with a message, never read as
15. Text is refused with a message, never dropped. The inputs are text boxes with a decimal
keypad (`inputmode`), not browsers' number boxes, which silently send nothing for what they
cannot read."""

import re
import unicodedata
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
WITH_COMMAS = re.compile(r"^[+-]?[\d,]+(\.\d+)?$")

NOT_A_NUMBER = _("“%(value)s” is not a number: please enter digits only, e.g. 100.")
BAD_GROUPING = _(
    "“%(value)s”: a comma may only separate thousands (1,500); for a decimal use a point (1.5)."
)


def read_number(text: str) -> Decimal:
    """The number in `text`; ValidationError with the reason if it holds none."""
    typed = str(text).strip()
    compact = unicodedata.normalize("NFKC", typed).replace(" ", "").replace("。", ".")
    if PLAIN.match(compact):
        return Decimal(compact)
    if GROUPED.match(compact):
        return Decimal(compact.replace(",", ""))
    message = BAD_GROUPING if WITH_COMMAS.match(compact) else NOT_A_NUMBER
    raise ValidationError(message, code="invalid", params={"value": typed})


class TypedNumberField(forms.DecimalField):
    """A DecimalField that reads what people type (read_number), in a text box with a keypad."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return read_number(value)

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)  # no `step`: the box is text


def typed_numbers(db_field, **kwargs):
    """A ModelForm's formfield_callback: every decimal column typed as a TypedNumberField."""
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", TypedNumberField)
    return db_field.formfield(**kwargs)
