"""`{% back_crumb "reporting:todo" "reporting:review" … %}`: a breadcrumb to the first of these
pages the user may open (`bureaus.navigation.first_open`), none when they may open none."""

from django import template

from bureaus.navigation import first_open

register = template.Library()


@register.inclusion_tag("bureaus/_back_crumb.html", takes_context=True)
def back_crumb(context, *url_names):
    return {"item": first_open(context["request"].user, *url_names)}
