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
