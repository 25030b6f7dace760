"""Forms of the activities register, supervision items and leader instructions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bureaus.models import Bureau
from core.versioning import VersionedForm
from targets.models import Indicator
from workflow.forms import EvidenceField

from .models import Activity, KeyTask, ReportingFrequency, Urgency


class StyledForm:
    """Bootstrap classes on every widget."""

    def style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


def evidence_field(label=None):
    return EvidenceField(
        label=label or _("Evidence files"),
        required=False,
        help_text=_("PDF, images, Word, Excel or WPS files, up to 20 MB each."),
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ActivityForm(VersionedForm, StyledForm, forms.ModelForm):
    evidence = evidence_field(_("Photos and evidence"))

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "date",
            "bureau",
            "task",
            "audience",
            "person_times",
            "place",
            "summary",
        ]
        widgets = {"date": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = Bureau.objects.members()
        if user is not None and user.role == "staff":
            # Staff record for their own bureau only; the service enforces it as well.
            del self.fields["bureau"]
        self.style()


class ItemFields(StyledForm, forms.Form):
    """What every supervision item needs, whatever its source."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    lead_bureau = forms.ModelChoiceField(
        label=_("Lead bureau"), queryset=Bureau.objects.members(), required=True
    )
    cooperating = forms.ModelMultipleChoiceField(
        label=_("Co-operating bureaus"),
        queryset=Bureau.objects.members(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    frequency = forms.ChoiceField(
        label=_("Reporting frequency"), choices=ReportingFrequency.choices
    )

    source_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()

    def item_data(self) -> dict:
        data = self.cleaned_data
        names = ["title", "description", "lead_bureau", "cooperating", "deadline"]
        names += ["urgency", "frequency"]
        return {name: data[name] for name in names}

    def source_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.source_fields}

    def source_field_list(self):
        return [self[name] for name in self.source_fields]

    def item_field_list(self):
        return [self[name] for name in self.fields if name not in self.source_fields]


class InspectionFindingForm(ItemFields):
    date = forms.DateField(label=_("Inspection date"), widget=DateInput())
    bureau = forms.ModelChoiceField(
        label=_("Inspected bureau or town"), queryset=Bureau.objects.members()
    )
    inspectors = forms.CharField(label=_("Inspectors"), max_length=300)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))

    source_fields = ("date", "bureau", "inspectors", "findings")
    field_order = [*source_fields, "title", "description", "lead_bureau"]


class MeetingDecisionForm(ItemFields):
    date = forms.DateField(label=_("Meeting date"), widget=DateInput())
    meeting_title = forms.CharField(label=_("Meeting"), max_length=200)
    attendees = forms.CharField(label=_("Attendees"), widget=forms.Textarea(attrs={"rows": 2}))
    decisions = forms.CharField(label=_("Decisions"), widget=forms.Textarea(attrs={"rows": 3}))

    source_fields = ("date", "meeting_title", "attendees", "decisions")
    field_order = [*source_fields, "title", "description", "lead_bureau"]


class ReportedProblemForm(ItemFields):
    pass


class UpdateForm(StyledForm, forms.Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    reports_done = forms.BooleanField(label=_("The item is done"), required=False)
    evidence = evidence_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class InstructionForm(StyledForm, forms.Form):
    task = forms.ModelChoiceField(
        label=_("Key task"), queryset=KeyTask.objects.all(), required=False
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.filter(is_auxiliary=False),
        required=False,
    )
    text = forms.CharField(label=_("Instruction"), widget=forms.Textarea(attrs={"rows": 4}))
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DateInput(),
        required=False,
        help_text=_("Thirty days from today when left empty."),
    )

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        if report is not None:
            del self.fields["task"]
            del self.fields["indicator"]
        self.style()

    def clean(self):
        data = super().clean()
        if self.report is not None:
            data["target"] = self.report
            return data
        targets = [t for t in (data.get("task"), data.get("indicator")) if t is not None]
        if len(targets) != 1:
            raise forms.ValidationError(_("Choose either a key task or an indicator."))
        data["target"] = targets[0]
        return data
