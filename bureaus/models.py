"""Member units of the leading group, and the people who use the portal."""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BureauKind(models.TextChoices):
    BUREAU = "bureau", _("District bureau")
    COURT = "court", _("Court")
    PROCURATORATE = "procuratorate", _("Procuratorate")
    ZONE = "zone", _("High-tech zone")
    TOWN = "town", _("Town / sub-district")


class BureauQuerySet(models.QuerySet):
    def members(self):
        return self.filter(is_member=True)


class Bureau(models.Model):
    """A unit that reports to the programme: a district bureau, the court, a town..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BureauKind.choices)
    order = models.PositiveIntegerField(_("display order"), default=0)
    is_member = models.BooleanField(_("leading-group member"), default=True)
    is_office = models.BooleanField(
        _("seat of the leading-group office"),
        default=False,
        help_text=_("The bureau the leading-group office sits in."),
    )
    seed = models.JSONField(default=dict, editable=False)

    objects = BureauQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("bureau")
        verbose_name_plural = _("bureaus")

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    STAFF = "staff", _("Bureau staff")
    OFFICE = "office", _("Leading-group office")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")
    AUDITOR = "auditor", _("Security auditor")
    SECURITY_ADMIN = "secadmin", _("Security administrator")


# Who enters the Django admin: the office edits the programme there, the system administrator
# configures it, the security administrator looks after accounts' security settings.
ADMIN_SITE_ROLES = (Role.OFFICE, Role.ADMIN, Role.SECURITY_ADMIN)


PASSWORDS_KEPT = 5  # a new password must differ from these


class User(AbstractUser):
    """A portal user: belongs to one bureau and holds one role."""

    bureau = models.ForeignKey(
        Bureau,
        verbose_name=_("bureau"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.STAFF)
    password_changed_at = models.DateTimeField(
        _("password changed at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Empty when the password was set by an administrator and must be changed."),
    )
    # The hashes of the last passwords, newest first (bureaus.passwords.HistoryValidator).
    password_history = models.JSONField(default=list, blank=True, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_office(self) -> bool:
        return self.role == Role.OFFICE

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER

    @property
    def is_bureau_staff(self) -> bool:
        return self.role == Role.STAFF

    @property
    def sees_all_bureaus(self) -> bool:
        """Office, leaders and administrators read every bureau's records (auditors: the audit
        log only)."""
        return self.role in (Role.OFFICE, Role.LEADER, Role.ADMIN)

    @property
    def must_change_password(self) -> bool:
        """Set by an administrator (new account or reset), or older than PASSWORD_MAX_AGE_DAYS."""
        if self.password_changed_at is None:
            return True
        max_age = datetime.timedelta(days=settings.PASSWORD_MAX_AGE_DAYS)
        return timezone.now() - self.password_changed_at > max_age

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self._password_was_set = True

    def save(self, *args, **kwargs):
        if self.is_superuser:
            self.role = Role.ADMIN
        self.is_staff = self.role in ADMIN_SITE_ROLES
        # A full save after set_password is a password change. Django's rehash on login saves
        # update_fields=["password"] with the same password: that must not restart the clock.
        password_was_set, self._password_was_set = getattr(self, "_password_was_set", False), False
        if password_was_set and kwargs.get("update_fields") is None:
            self.password_changed_at = None if _set_by_someone_else(self) else timezone.now()
            self.password_history = [self.password, *self.password_history][:PASSWORDS_KEPT]
        elif (
            self._state.adding
            and self.password_changed_at is None
            and not _set_by_someone_else(self)
        ):
            # create_user and createsuperuser hash the password without set_password.
            self.password_changed_at = timezone.now()
        adding = self._state.adding
        super().save(*args, **kwargs)
        from . import tokens  # the tokens module needs this model

        # A stolen token must stop working once the owner changes the password.
        if password_was_set and kwargs.get("update_fields") is None and not adding:
            tokens.revoke_all(self, reason=tokens.PASSWORD_CHANGED)
        elif not self.is_active:
            tokens.revoke_all(self, reason=tokens.DEACTIVATED)


def _set_by_someone_else(user: User) -> bool:
    """A password set while another user is logged in (an administrator creating the account or
    resetting it) must be changed by its owner at the next login. Scripts (load_demo,
    createsuperuser, tests) run without a request and set a password the owner already knows."""
    from audit.context import current_user

    actor = current_user()
    return actor is not None and actor.pk != user.pk


class SecondFactorRequirement(models.Model):
    """Whether a role must use a second factor (TOTP) at login: one row per role, edited by the
    administrator in the Django admin (bureaus.second_factor reads it at each login)."""

    role = models.CharField(_("role"), max_length=10, choices=Role.choices, unique=True)
    required = models.BooleanField(_("second factor required"), default=False)

    class Meta:
        ordering = ["role"]
        verbose_name = _("second-factor requirement")
        verbose_name_plural = _("second-factor requirements")

    def __str__(self):
        return str(self.get_role_display())


class ApiTokenQuerySet(models.QuerySet):
    def live(self):
        return self.filter(expires_at__gt=timezone.now())


class ApiToken(models.Model):
    """An API token for scripts. Only the SM3 digest of the key is kept: the key is shown once,
    when it is issued, and a copy of the database opens nothing (bureaus.tokens)."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("issued at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"), editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
