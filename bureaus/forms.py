from axes.helpers import get_cool_off, get_failure_limit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

LAST_TRY = _("One more wrong password locks this account at this address for %(minutes)s minutes.")


class LoginForm(AuthenticationForm):
    """Django's login form with Bootstrap classes on its inputs; before the try that would lock
    the account, it says so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def get_invalid_login_error(self):
        error = super().get_invalid_login_error()
        failures = getattr(self.request, "axes_failures_since_start", 0)
        credentials = {"username": self.cleaned_data.get("username")}
        if failures != get_failure_limit(self.request, credentials) - 1:
            return error
        minutes = int(get_cool_off(self.request).total_seconds() // 60)
        return ValidationError([error, ValidationError(LAST_TRY, params={"minutes": minutes})])


class CodeField(forms.CharField):
    """The six digits an authenticator app shows; spaces typed between them are ignored."""

    def to_python(self, value):
        return "".join(super().to_python(value).split())


class CodeForm(forms.Form):
    code = CodeField(
        label=_("Verification code"),
        max_length=12,
        validators=[
            RegexValidator(r"^\d{6}$", _("Enter the 6 digits shown by your authenticator app."))
        ],
        widget=forms.TextInput(
            attrs={
                "class": "form-control form-control-lg text-center",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )
