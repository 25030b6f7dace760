"""Security events that Django and django-axes announce by signal."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from .context import current_request
from .models import Event, Outcome
from .services import record

User = get_user_model()

# Fields whose change is a change of what the user may do (MLPS: 权限变更).
PRIVILEGE_FIELDS = ("role", "is_active", "is_superuser", "bureau_id")

# Deletions by users of these apps' records are security events; computed tables (progress
# snapshots) and our own history tables are rewritten by the system and are not.
DELETION_APPS = {
    *("bureaus", "targets", "tasks_registry", "enforcement", "finance", "workflow"),
    *("reports", "exports"),  # draft circulars, stored reports and export jobs
}
NOT_AUDITED = {"targets.progress", "targets.progressrun", "reports.dashboardversion"}


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(Event.LOGIN, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    record(
        Event.LOGIN_FAILED,
        request=request,
        username=username,
        outcome=Outcome.FAILURE,
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    record(
        Event.LOCKOUT,
        request=request,
        username=str(username or ""),
        outcome=Outcome.FAILURE,
        detail={"ip_address": ip_address},
    )


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        reason = getattr(request, "logout_reason", "user")  # idle / absolute: set by the timeout
        record(Event.LOGOUT, request=request, user=user, detail={"reason": reason})


@receiver(pre_save, sender=User)
def _remember_privileges(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None:
        return
    if update_fields is not None and not {f.removesuffix("_id") for f in update_fields} & {
        f.removesuffix("_id") for f in (*PRIVILEGE_FIELDS, "password")
    }:
        return  # e.g. the last_login update at each login
    instance._audit_before = (
        User.objects.filter(pk=instance.pk).values(*PRIVILEGE_FIELDS, "password").first()
    )


@receiver(post_save, sender=User)
def _privileges_changed(sender, instance, created, update_fields=None, **kwargs):
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    if created:
        after = {f: getattr(instance, f) for f in PRIVILEGE_FIELDS}
        record(Event.ROLE_CHANGE, obj=instance, detail={"created": True, "new": after})
        return
    if before is None:
        return
    changed = {f for f in PRIVILEGE_FIELDS if before[f] != getattr(instance, f)}
    if changed:
        record(
            Event.ROLE_CHANGE,
            obj=instance,
            detail={
                "old": {f: before[f] for f in sorted(changed)},
                "new": {f: getattr(instance, f) for f in sorted(changed)},
            },
        )
    # A full save with a new hash; a rehash at login saves update_fields=["password"].
    if update_fields is None and before["password"] != instance.password:
        record(Event.PASSWORD_CHANGE, obj=instance, detail={"reset": instance.must_change_password})


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def _memberships_changed(sender, instance, action, pk_set, model, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(instance, User):
        return
    record(
        Event.ROLE_CHANGE,
        obj=instance,
        detail={
            "relation": model._meta.label_lower,
            "action": action.removeprefix("post_"),
            "ids": sorted(pk_set or []),
        },
    )


@receiver(post_delete)
def _deleted(sender, instance, **kwargs):
    label = sender._meta.label_lower
    if (
        sender._meta.app_label not in DELETION_APPS
        or label in NOT_AUDITED
        or sender.__name__.startswith("Historical")
        or current_request() is None  # scripts and migrations: the operator's own log has them
    ):
        return
    record(Event.DELETE, obj=instance, detail={"pk": str(instance.pk)})
