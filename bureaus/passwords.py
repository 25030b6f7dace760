"""Password composition per MLPS (GB/T 22239-2019, 8.1.4.1 a: 口令应有复杂度要求并定期更换).

At least MIN_LENGTH characters from at least MIN_CLASSES of the four classes: upper-case letters,
lower-case letters, digits, symbols. Django's own validators add "not a common password" and "not
like the username"; the expiry (PASSWORD_MAX_AGE_DAYS) is enforced by
bureaus.middleware.PasswordChangeRequiredMiddleware.
"""

from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from audit.services import record_wrong_password

TOO_SIMPLE = gettext_lazy(
    "The password must be at least %(length)s characters long and contain at least %(classes)s "
    "of: upper-case letters, lower-case letters, digits, symbols."
)


def character_classes(password: str) -> int:
    """How many of the four classes (upper, lower, digit, symbol) the password uses."""
    upper = any(c.isupper() for c in password)
    lower = any(c.islower() for c in password)
    digit = any(c.isdigit() for c in password)
    symbol = any(not c.isalnum() for c in password)
    return sum((upper, lower, digit, symbol))


class ComplexityValidator:
    def __init__(self, min_length: int = 8, min_classes: int = 3):
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if len(password) < self.min_length or character_classes(password) < self.min_classes:
            raise ValidationError(
                TOO_SIMPLE,
                code="password_too_simple",
                params={"length": self.min_length, "classes": self.min_classes},
            )

    def get_help_text(self):
        return TOO_SIMPLE % {"length": self.min_length, "classes": self.min_classes}


class ChangePasswordForm(PasswordChangeForm):
    """Django's change-password form with Bootstrap classes on its inputs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def clean_old_password(self):
        try:
            return super().clean_old_password()
        except ValidationError:
            record_wrong_password(user=self.user)
            raise
