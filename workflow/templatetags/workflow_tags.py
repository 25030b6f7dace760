from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """{{ mapping|get_item:key }}: look a key up in a dict from a template."""
    return mapping.get(key)


@register.filter
def shown_value(bound_field):
    """A read-only field's value as the user reads it: a choice's label, not its stored code."""
    value = bound_field.value()
    for code, label in getattr(bound_field.field, "choices", ()):
        if str(code) == str(value):
            return label
    return value


@register.filter
def plain_number(value):
    """815 for a stored 815.0000, 12.5 for 12.5000; — for none."""
    if value is None:
        return "—"
    return f"{Decimal(value).normalize():f}"


@register.filter
def signed(value):
    """+29, −3.5, 0: a change with its sign."""
    text = plain_number(value)
    return "+" + text if value and value > 0 else text.replace("-", "−")
