"""Forms of the finance pages. They check the input; the services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bureaus.models import Bureau, BureauKind
from bureaus.validators import normalise_uscc
from core.versioning import VersionedForm
from ipcity.numbers import typed_numbers

from .models import (
    BudgetLine,
    Enterprise,
    InsurancePolicy,
    InterestSubsidy,
    PledgeLoan,
    Spending,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            widget = form_field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class EnterpriseForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    # Longer than the 18 characters stored: people type the code with spaces (clean_uscc).
    uscc = forms.CharField(
        label=Enterprise._meta.get_field("uscc").verbose_name,
        help_text=Enterprise._meta.get_field("uscc").help_text,
        max_length=30,
    )

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "uscc",
            "town",
            "cluster",
            "is_high_tech",
            "is_above_size",
            "is_listed",
            "standard_certified_on",
            "standard_valid_until",
            "ip_status",
            "ip_status_level",
            "ip_status_year",
            "contact",
            "note",
        ]
        widgets = {
            "standard_certified_on": DateInput(),
            "standard_valid_until": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = Bureau.objects.filter(kind=BureauKind.TOWN)
        self.fields["uscc"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean_uscc(self):
        # Before the model's own checks, so a code typed with spaces is not refused as too long.
        return normalise_uscc(self.cleaned_data["uscc"])


class LoanForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = PledgeLoan
        formfield_callback = typed_numbers
        fields = [
            "enterprise",
            "lender",
            "amount",
            "rate",
            "start_date",
            "maturity_date",
            "registration_number",
            "patent_numbers",
            "trademark_numbers",
            "status",
            "closed_on",
            "risk_share",
            "note",
        ]
        widgets = {
            "start_date": DateInput(),
            "maturity_date": DateInput(),
            "closed_on": DateInput(),
            "patent_numbers": forms.Textarea(attrs={"rows": 3}),
            "trademark_numbers": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the enterprises the user's bureau keeps can be chosen.
        self.fields["enterprise"].queryset = Enterprise.objects.filter(bureau_id=user.bureau_id)


class SubsidyForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = InterestSubsidy
        formfield_callback = typed_numbers
        fields = [
            "interest_from",
            "interest_to",
            "applied_amount",
            "applied_on",
            "approved_amount",
            "approved_on",
            "paid_amount",
            "paid_on",
        ]
        widgets = {
            name: DateInput()
            for name in ("interest_from", "interest_to", "applied_on", "approved_on", "paid_on")
        }


class InsuranceForm(VersionedForm, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = InsurancePolicy
        formfield_callback = typed_numbers
        fields = [
            "enterprise",
            "kind",
            "insurer",
            "policy_number",
            "premium",
            "coverage",
            "starts_on",
            "ends_on",
            "note",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = Enterprise.objects.filter(bureau_id=user.bureau_id)


class SpendingForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Spending
        formfield_callback = typed_numbers
        fields = ["spent_on", "amount", "description"]
        widgets = {"spent_on": DateInput()}


class BudgetNoteForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        formfield_callback = typed_numbers
        fields = ["overspend_note"]
        widgets = {"overspend_note": forms.Textarea(attrs={"rows": 2})}
        labels = {"overspend_note": _("Why may this line be over-spent?")}
