from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureaus.models import Bureau, BureauKind
from bureaus.validators import normalise_id_number, normalise_uscc
from core.versioning import VersionedForm
from workflow.forms import EvidenceField

from .models import Case, CaseStatus
from .services import CASE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class StyledForm:
    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


AMOUNTS = ("illegal_gains", "fine", "confiscation", "damages")


class CaseForm(VersionedForm, StyledForm, forms.ModelForm):
    """The case's particulars; its status moves only by steps."""

    class Meta:
        model = Case
        fields = CASE_FIELDS
        widgets = {
            "filed_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = Bureau.objects.filter(kind=BureauKind.TOWN)
        if not self.instance.filed_on:
            self.initial["filed_on"] = timezone.localdate()
        for name in ("respondent_uscc", "respondent_id_number"):  # spaces allowed, see below
            code = self.fields[name]
            code.max_length = code.widget.attrs["maxlength"] = 30
            code.validators = []
        for name in AMOUNTS:  # an amount left empty is none: 0 yuan
            self.fields[name].required = False
            self.fields[name].widget.attrs.update({"min": "0", "step": "0.01"})
        self.style()

    def clean_respondent_uscc(self):
        # As typed from a licence: spaces and lower case are fine; the model checks the rest.
        return normalise_uscc(self.cleaned_data["respondent_uscc"])

    def clean_respondent_id_number(self):
        return normalise_id_number(self.cleaned_data["respondent_id_number"])

    def _post_clean(self):
        for name in AMOUNTS:  # before the model's own checks run on the instance
            if self.cleaned_data.get(name) is None and name not in self.errors:
                self.cleaned_data[name] = Decimal("0")
        super()._post_clean()


class StepForm(StyledForm, forms.Form):
    """Either move the case to its next status, or add a note / correction to the record."""

    to_status = forms.ChoiceField(label=_("New status"), required=False)
    happened_on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    corrects = forms.TypedChoiceField(
        label=_("Corrects the step"), required=False, coerce=int, empty_value=None
    )
    attachments = EvidenceField(
        label=_("Attachments"),
        required=False,
        help_text=_("PDF, images, Word, Excel or WPS files, up to 20 MB each."),
    )

    def __init__(self, *args, case: Case, statuses, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [("", _("— no change: add a note —"))] + [
            (s, CaseStatus(s).label) for s in statuses if s != CaseStatus.TRANSFERRED
        ]
        self.fields["corrects"].choices = [("", "—")] + [
            (s.pk, f"{s.happened_on:%Y-%m-%d} {s.get_kind_display()} {s.note[:30]}") for s in steps
        ]
        self.fields["happened_on"].initial = timezone.localdate()
        self.style()


class TransferForm(StyledForm, forms.Form):
    to_bureau = forms.ModelChoiceField(label=_("Transfer to"), queryset=Bureau.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    happened_on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_bureau"].queryset = Bureau.objects.exclude(pk=case.bureau_id).exclude(
            kind=BureauKind.TOWN
        )
        self.fields["happened_on"].initial = timezone.localdate()
        self.style()


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in cases template (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )
