"""The office's assessment of a qualitative target (R3.6)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from workflow.forms import EvidenceField

from .models import AssessmentVerdict, Period


class TargetAssessmentForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Period"), queryset=Period.objects.none(), to_field_name="id", empty_label=None
    )
    verdict = forms.ChoiceField(label=_("Verdict"), choices=AssessmentVerdict.choices)
    narrative = forms.CharField(
        label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    evidence = EvidenceField(label=_("Evidence files"), required=False)

    def __init__(self, *args, periods: list[Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = Period.objects.filter(pk__in=[p.pk for p in periods])
        for name, field in self.fields.items():
            css = "form-select" if name in ("period", "verdict") else "form-control"
            field.widget.attrs.setdefault("class", css)


BASELINE_FIRST_YEAR, BASELINE_LAST_YEAR = 2000, 2025
BASELINE_YEAR_RANGE = _("The baseline year must lie between 2000 and 2025.")
BASELINE_YEAR_MISSING = _("Give the baseline year.")
BASELINE_VALUE_POSITIVE = _("The baseline value must be above 0.")


class BaselineForm(forms.Form):
    """The office's baseline of a target (R3.3): a year, and a value or none (then the approved
    level at the end of that year)."""

    baseline_year = forms.IntegerField(
        label=_("baseline year"),
        min_value=BASELINE_FIRST_YEAR,
        max_value=BASELINE_LAST_YEAR,
        error_messages={
            "required": BASELINE_YEAR_MISSING,
            "min_value": BASELINE_YEAR_RANGE,
            "max_value": BASELINE_YEAR_RANGE,
        },
    )
    baseline_value = forms.DecimalField(
        label=_("baseline value"),
        required=False,
        max_digits=18,
        decimal_places=4,
        help_text=_("Empty: the approved level at the end of the baseline year."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def clean_baseline_value(self):
        value = self.cleaned_data["baseline_value"]
        if value is not None and value <= 0:
            raise forms.ValidationError(BASELINE_VALUE_POSITIVE)
        return value
