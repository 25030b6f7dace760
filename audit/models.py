"""AuditEvent: one security event, written once and never changed, chained to the one before by
an HMAC-SM3 (audit/chain.py); on PostgreSQL a trigger refuses UPDATE and DELETE as well."""

import ipaddress

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import chain


class AppendOnlyError(Exception):
    """Audit events are never updated or deleted through the application."""


class Event(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKOUT = "lockout", _("Account locked out")
    LOGOUT = "logout", _("Logout")
    PASSWORD_CHANGE = "password_change", _("Password change")
    ROLE_CHANGE = "role_change", _("Role or permission change")
    EXPORT = "export", _("Export download")
    APPROVE = "approve", _("Approval")
    RETURN = "return", _("Return")
    REOPEN = "reopen", _("Reopening")
    DELETE = "delete", _("Deletion")
    PURGE = "purge", _("Audit log purge")
    # The second factor (bureaus.second_factor); a wrong code is a LOGIN_FAILED.
    OTP_VERIFIED = "otp_verified", _("Second factor verified")
    OTP_ENROLLED = "otp_enrolled", _("Second factor enrolled")
    OTP_RESET = "otp_reset", _("Second factor reset")
    OTP_POLICY = "otp_policy", _("Second-factor requirement change")
    CIRCULAR_DRAFT = "circular_draft", _("Circular drafted")
    CIRCULAR_EDIT = "circular_edit", _("Circular edited")
    CIRCULAR_PUBLISH = "circular_publish", _("Circular published")
    ACCESS_DENIED = "access_denied", _("Access refused")
    PASSWORD_WRONG = "password_wrong", _("Wrong current password")
    DEFAULT_CONFIRM = "default_confirm", _("Default confirmed")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit events cannot be updated")

    def delete(self):
        raise AppendOnlyError("audit events cannot be deleted")

    @transaction.atomic
    def purge_older_than(self, cutoff) -> int:
        """The retention purge, the only way rows leave the table (audit.tasks checks the age).

        It removes the oldest run of events before the cutoff, and leaves an anchor holding the
        MAC the first remaining event chains to, so the chain still verifies from there."""
        chain.serialise_appends()
        first_kept = AuditEvent.objects.filter(at__gte=cutoff).order_by("id").first()
        old = AuditEvent.objects.filter(id__lt=first_kept.id) if first_kept else AuditEvent.objects
        last_gone = old.order_by("-id").values("mac").first()
        if last_gone is None:
            return 0
        if connection.vendor == "postgresql":  # the trigger lets this transaction delete old rows
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('ipcity.audit_purge', 'on', true)")
        count, _by_model = models.QuerySet.delete(old.all())
        AuditChainAnchor.objects.update_or_create(
            pk=1,
            defaults={
                "prev_mac": last_gone["mac"],
                "purged_before": cutoff,
                "mac": chain.anchor_mac(last_gone["mac"], cutoff),
            },
        )
        return count


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # No database constraint and no cascade: deleting a user must neither delete nor rewrite
    # their events. `username` keeps the name as it was.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("client IP"), null=True, blank=True)
    event = models.CharField(_("event"), max_length=20, choices=Event.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    prev_mac = models.CharField(_("previous event's MAC"), max_length=64, editable=False)
    mac = models.CharField(_("MAC (HMAC-SM3)"), max_length=64, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_event_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit events cannot be updated")
        self.detail = chain.plain_detail(self.detail)
        self.ip = str(ipaddress.ip_address(self.ip)) if self.ip else None
        with transaction.atomic():
            chain.serialise_appends()
            self.prev_mac = chain.head()
            self.mac = chain.event_mac(
                {name: getattr(self, name) for name in chain.SEALED}, self.prev_mac
            )
            super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")


class AuditChainAnchor(models.Model):
    """One row, left by the retention purge: the MAC the first remaining event chains to, with its
    own MAC so it cannot be moved to hide events removed later."""

    prev_mac = models.CharField(_("MAC the first kept event chains to"), max_length=64)
    purged_before = models.DateTimeField(_("events purged before"))
    mac = models.CharField(_("MAC (HMAC-SM3)"), max_length=64)

    class Meta:
        verbose_name = _("audit chain anchor")
        verbose_name_plural = _("audit chain anchors")
        default_permissions = ()

    def __str__(self):
        return f"{self.purged_before:%Y-%m-%d} {self.prev_mac[:12]}"
