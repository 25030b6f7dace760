"""Password composition per MLPS (GB/T 22239-2019, 8.1.4.1 a: 口令应有复杂度要求并定期更换).

At least MIN_LENGTH characters from at least MIN_CLASSES of the four classes: upper-case letters,
lower-case letters, digits, symbols. Django's own validators add "not a common password" and "not
like the username"; the expiry (PASSWORD_MAX_AGE_DAYS) is enforced by
bureaus.middleware.PasswordChangeRequiredMiddleware.
"""

import re

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.hashers import check_password
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from audit.services import record_wrong_password

from .models import PASSWORDS_KEPT

TOO_SIMPLE = gettext_lazy(
    "The password must be at least %(length)s characters long and contain at least %(classes)s "
    "of: upper-case letters, lower-case letters, digits, symbols."
)


REPEATED = gettext_lazy(
    "The password must not repeat one character %(run)s or more times in a row."
)
HOLDS_USERNAME = gettext_lazy("The password must not contain the username, in any case.")
USED_BEFORE = gettext_lazy(
    "The password must differ from the current one and from your last %(count)s passwords."
)
TOO_MANY_TRIES = gettext_lazy("Too many wrong passwords: wait %(minutes)s minutes, then try again.")


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


class RepeatValidator:
    """`aaaaaaa1A` has three classes and nine characters, and is still guessed at once."""

    def __init__(self, max_run: int = 3):
        self.max_run = max_run

    def validate(self, password, user=None):
        if re.search(rf"(.)\1{{{self.max_run}}}", password):
            raise ValidationError(
                REPEATED, code="password_repeats", params={"run": self.max_run + 1}
            )

    def get_help_text(self):
        return REPEATED % {"run": self.max_run + 1}


class UsernameValidator:
    """The username anywhere in the password, in any case (`tok1Tok1!` for `tok`): Django's
    similarity check compares the whole strings and lets these through."""

    def validate(self, password, user=None):
        username = (user.get_username() if user is not None else "").casefold()
        if username and username in password.casefold():
            raise ValidationError(HOLDS_USERNAME, code="password_holds_username")

    def get_help_text(self):
        return HOLDS_USERNAME


class HistoryValidator:
    """Not the current password (which would restart the 90 days) nor one of the last ones:
    User.password_history keeps their hashes."""

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        hashes = {user.password, *user.password_history}
        if any(encoded and check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                USED_BEFORE, code="password_used_before", params={"count": PASSWORDS_KEPT}
            )

    def get_help_text(self):
        return USED_BEFORE % {"count": PASSWORDS_KEPT}


class ChangePasswordForm(PasswordChangeForm):
    """Django's change-password form with Bootstrap classes on its inputs. A wrong current
    password is a failed login: audited, and counted by django-axes, so the form cannot be used to
    guess the password of a session left open; while the account is locked no guess is checked."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def clean_old_password(self):
        credentials = {"username": self.user.get_username()}
        if AxesProxyHandler.is_locked(self.request, credentials):
            raise ValidationError(
                TOO_MANY_TRIES, code="locked", params={"minutes": lockout_minutes()}
            )
        try:
            return super().clean_old_password()
        except ValidationError:
            # Counted by the lockout as a failed login, and recorded as what it is.
            user_login_failed.send(sender=type(self), credentials=credentials, request=self.request)
            record_wrong_password(user=self.user, request=self.request)
            raise


def lockout_minutes() -> int:
    return int(get_cool_off().total_seconds() // 60)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's, handing the request to the form (for the lockout and the audit log)."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}
