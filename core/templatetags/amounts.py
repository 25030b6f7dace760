"""`{{ value|amount }}` in 元, `{{ value|amount:"万元" }}` in 万元: amounts as R9.2 writes them."""

from django import template

from ipcity.money import YUAN, amount_text

register = template.Library()


@register.filter
def amount(value, unit: str = YUAN) -> str:
    return amount_text(value, unit)
