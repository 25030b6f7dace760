from django import forms
from django.utils.translation import gettext_lazy as _

from bureaus.models import Bureau
from ipcity.numbers import TypedNumberField
from targets.models import Figure
from targets.periods import find_period, parse_code
from targets.validation import value_errors
from tasks_registry.models import TaskReport

from .evidence import detect_type


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Any number of evidence files, each checked by content; cleans to [(file, mime type)]."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        errors, checked = [], []
        for upload in files:
            try:
                checked.append((upload, detect_type(upload)))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return checked


class ItemForm(forms.ModelForm):
    """Shared by both kinds: the version guard and the evidence files."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    evidence = EvidenceField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, images, Word, Excel or WPS files, up to 20 MB each."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # 0 before the item exists: a save from this page then refuses an item created since.
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0
        for name, field in self.fields.items():
            if name == "version":
                continue
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class FigureForm(ItemForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.value is not None:  # 815, not the column's 815.0000
            self.initial["value"] = f"{self.instance.value.normalize():f}"

    class Meta:
        model = Figure
        fields = ["value", "note", "explanation"]
        field_classes = {"value": TypedNumberField}
        widgets = {
            "note": forms.Textarea(attrs={"rows": 2}),
            "explanation": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_value(self):
        value = self.cleaned_data.get("value")
        errors = value_errors(self.instance.indicator, value)
        if errors:
            raise forms.ValidationError(errors)
        return value


class TaskReportForm(ItemForm):
    class Meta:
        model = TaskReport
        fields = ["status", "percent_complete", "work_done", "problems", "next_steps"]
        widgets = {
            "work_done": forms.Textarea(attrs={"rows": 4}),
            "problems": forms.Textarea(attrs={"rows": 2}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
        }


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))
    follow_up = forms.BooleanField(label=_("Mark for follow-up"), required=False)


class GridFormMixin:
    """A row of the entry grid: the item form's fields and checks, without the evidence files
    (added on the item's own page) and with smaller boxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["evidence"]
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 2
            select = isinstance(field.widget, forms.Select)
            small = "form-select-sm" if select else "form-control-sm"
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {small}"


class FigureGridForm(GridFormMixin, FigureForm):
    class Meta(FigureForm.Meta):
        fields = ["value", "explanation"]


class TaskReportGridForm(GridFormMixin, TaskReportForm):
    class Meta(TaskReportForm.Meta):
        fields = ["status", "percent_complete", "work_done", "problems"]


class RemindForm(forms.Form):
    """催报: one bureau (or, left empty, every late one) of a period, with a message."""

    period = forms.CharField(max_length=6)
    bureau = forms.ModelChoiceField(
        queryset=Bureau.objects.members(), to_field_name="code", required=False
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def clean_period(self):
        period = find_period(*(parse_code(self.cleaned_data["period"]) or (0, 0)))
        if period is None:
            raise forms.ValidationError(_("Unknown period."))
        return period
