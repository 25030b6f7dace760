"""`{% provenance obj %}`: the 系统预置（待办公室确认） label of an unconfirmed default (R4.3).
`{% provenance %}` without an object shows the label itself (a legend)."""

from django import template

from core.provenance import PENDING_LABEL

register = template.Library()


@register.inclusion_tag("core/_provenance.html")
def provenance(obj=None):
    shown = obj is None or getattr(obj, "awaits_confirmation", False)
    return {"shown": shown, "label": PENDING_LABEL}
