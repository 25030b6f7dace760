"""Formatting of report section cells by column kind (reports/assembly.py's Column.kind)."""

import datetime

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat

from ipcity.money import WAN_YUAN, amount_text

register = template.Library()


@register.filter
def cells(row, columns):
    """Pair each value of a row with its column's kind."""
    return [(value, column.kind) for value, column in zip(row, columns, strict=False)]


@register.filter
def report_cell(value, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if kind == "int":
        return intcomma(int(value))
    if kind == "number":
        return floatformat(value, "-2g")
    if kind == "yuan":
        return amount_text(value)
    if kind == "wan_yuan":
        return amount_text(value, WAN_YUAN)
    if kind == "percent":
        return f"{floatformat(value, '-2')}%"
    if kind == "date" and isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
