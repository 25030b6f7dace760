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
