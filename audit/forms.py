import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Event

# A day's end is the next day's start in Asia/Shanghai: the first and last days a date holds
# have no such neighbour (9999-12-31 + 1 day overflowed).
FIRST_DAY, LAST_DAY = datetime.date(1900, 1, 1), datetime.date(9999, 12, 30)
OUT_OF_RANGE = _("Choose a date between %(first)s and %(last)s.")


class EventFilterForm(forms.Form):
    username = forms.CharField(label=_("User"), required=False, max_length=150)
    event = forms.ChoiceField(
        label=_("Event"), required=False, choices=[("", _("All events")), *Event.choices]
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = f"{css} form-control-sm"

    def _in_range(self, name):
        value = self.cleaned_data.get(name)
        if value is not None and not FIRST_DAY <= value <= LAST_DAY:
            raise forms.ValidationError(OUT_OF_RANGE % {"first": FIRST_DAY, "last": LAST_DAY})
        return value

    def clean_date_from(self):
        return self._in_range("date_from")

    def clean_date_to(self):
        return self._in_range("date_to")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data
