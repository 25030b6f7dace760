"""Member units of the leading group, and the people who use the portal."""

from django.contrib.auth.models import AbstractUser
from django.db import models
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
        """Office, leaders and administrators read every bureau's records."""
        return self.role in (Role.OFFICE, Role.LEADER, Role.ADMIN)

    def save(self, *args, **kwargs):
        # The office edits the programme in the Django admin; the administrator runs it.
        if self.is_superuser:
            self.role = Role.ADMIN
        self.is_staff = self.role in (Role.OFFICE, Role.ADMIN)
        super().save(*args, **kwargs)
