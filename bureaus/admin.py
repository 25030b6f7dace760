from dataclasses import replace

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.template_utils import HistoricalRecordContextHelper

from audit.models import Event
from audit.services import record
from crypto.envelope import blind_index

from . import second_factor, tokens
from .access import is_security_admin, is_system_admin, reads_personal_data
from .models import ApiToken, Bureau, Role, SecondFactorRequirement, User


class OfficeEditable:
    """Programme data: the office edits it in the admin alongside the administrator."""

    def _allowed(self, request) -> bool:
        user = request.user
        return is_system_admin(user) or (user.is_active and user.role == Role.OFFICE)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)


class OfficeEditableAdmin(OfficeEditable, admin.ModelAdmin):
    pass


class ReadOnly:
    """Shown in the admin, never added, changed or deleted there: the records are written by the
    app's services (which check and record every write) or by the app itself."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OfficeReadOnlyAdmin(ReadOnly, OfficeEditableAdmin):
    """Read-only records the office and the administrator may look at."""


class ChangesWithout(HistoricalRecordContextHelper):
    """A History page's old → new values, without some fields."""

    def __init__(self, model, historical_record, hidden: set[str]):
        super().__init__(model, historical_record)
        self.hidden = hidden

    def context_for_delta_changes(self, delta):
        kept = [change for change in delta.changes if change.field not in self.hidden]
        return super().context_for_delta_changes(replace(delta, changes=kept))


class PersonalData:
    """Encrypted personal fields in the admin: left out of the pages (the History page's old and
    new values too) of a role that may not read them (bureaus/access.py: reads_personal_data),
    and searched by exact value through their blind indexes for the roles that may."""

    personal_fields: tuple[str, ...] = ()
    indexed_fields: tuple[str, ...] = ()  # those with a `<name>_index` beside them

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or ())
        if not reads_personal_data(request.user):
            exclude += self.personal_fields
        return exclude

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        index = blind_index(search_term)
        if index and self.indexed_fields and reads_personal_data(request.user):
            exact = Q()
            for name in self.indexed_fields:
                exact |= Q(**{f"{name}_index": index})
            found = found | queryset.filter(exact)
        return found, may_have_duplicates

    def get_historical_record_context_helper(self, request, historical_record):
        hidden = {f"{name}_index" for name in self.indexed_fields}  # noise to every reader
        if not reads_personal_data(request.user):
            hidden |= set(self.personal_fields)
        return ChangesWithout(self.model, historical_record, hidden)


@admin.register(Bureau)
class BureauAdmin(OfficeEditableAdmin):
    list_display = ["name", "code", "kind", "order", "is_member", "is_office"]
    list_filter = ["kind", "is_member", "is_office"]
    search_fields = ["name", "code"]
    list_editable = ["order"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """三员分立: the system administrator adds accounts and sets their bureau and role; the
    security administrator activates and deactivates them, resets passwords and second factors,
    and sees the rest of the account read-only."""

    list_display = ["username", "last_name", "first_name", "bureau", "role", "is_active"]
    list_filter = ["role", "bureau__kind", "is_active", "bureau"]
    search_fields = ["username", "first_name", "last_name", "email", "bureau__name"]
    list_select_related = ["bureau"]
    fieldsets = [
        (None, {"fields": ["username"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Portal"), {"fields": ["bureau", "role"]}),
        (_("Permissions"), {"fields": ["is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    security_fieldsets = [
        (None, {"fields": ["username", "password", "is_active"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name"]}),
        (_("Portal"), {"fields": ["bureau", "role"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Portal"), {"fields": ["bureau", "role"]}),
    ]
    actions = ["reset_second_factor"]

    def get_fieldsets(self, request, obj=None):
        if obj is not None and is_security_admin(request.user):
            return self.security_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and is_security_admin(request.user):
            fields = {f for _name, opts in self.security_fieldsets for f in opts["fields"]}
            return sorted(fields - {"password", "is_active"})
        return super().get_readonly_fields(request, obj)

    def _either(self, request) -> bool:
        return is_system_admin(request.user) or is_security_admin(request.user)

    def has_module_permission(self, request):
        return self._either(request)

    def has_view_permission(self, request, obj=None):
        return self._either(request)

    def has_change_permission(self, request, obj=None):
        return self._either(request)

    def has_add_permission(self, request):
        return is_system_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_system_admin(request.user)

    def user_change_password(self, request, id, form_url=""):
        """Resetting a password is the security administrator's; the owner must change it at
        the next login (bureaus.models._set_by_someone_else)."""
        if not is_security_admin(request.user):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def has_reset_second_factor_permission(self, request):
        return is_security_admin(request.user)

    @admin.action(
        description=_("Reset the second factor (the user sets it up again)"),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        removed = sum(second_factor.reset(user, request=request) for user in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d authenticator device removed.",
                "%(count)d authenticator devices removed.",
                removed,
            )
            % {"count": removed},
            messages.SUCCESS,
        )


@admin.register(SecondFactorRequirement)
class SecondFactorRequirementAdmin(admin.ModelAdmin):
    """The setting "require a second factor for: office, admin": one row per role, made by the
    migration, so the changelist with its ticks is the whole setting."""

    list_display = ["role", "required", "required_by_setting"]
    list_editable = ["required"]
    list_filter = ["required"]
    search_fields = ["role"]
    fields = ["role", "required"]
    readonly_fields = ["role"]

    @admin.display(description=_("required by the SECOND_FACTOR_ROLES setting"), boolean=True)
    def required_by_setting(self, obj):
        return second_factor.required_by_setting(obj.role)

    def has_module_permission(self, request):
        return is_system_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_system_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_system_admin(request.user)

    def has_add_permission(self, request):
        return False  # the roles are fixed; their rows come with the migration

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "required" not in form.changed_data:
            return
        record(
            Event.OTP_POLICY,
            request=request,
            obj=obj,
            detail={"role": obj.role, "required": obj.required},
        )


# django-otp's own device admin shows the secret and lets the administrator add a device with
# a key of their choosing for someone else; ours lists devices and removes them, audited.
admin.site.unregister(TOTPDevice)


class SecurityAdministratorsOnly:
    """Records only the security administrator reads (三员分立), and removes where `deletable`;
    nobody adds or edits one in the admin."""

    deletable = True

    def has_module_permission(self, request):
        return is_security_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_security_admin(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and is_security_admin(request.user)


class UserCredentialAdmin(SecurityAdministratorsOnly, admin.ModelAdmin):
    """A user's second factor or API token: the security administrator lists and revokes
    (deletes, each through `delete_model`, audited); nobody adds or edits one here."""

    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user"]

    def delete_queryset(self, request, queryset):
        for credential in queryset.select_related("user"):
            self.delete_model(request, credential)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(UserCredentialAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed", "created_at", "last_used_at"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        record(Event.OTP_RESET, request=request, obj=obj.user, detail={"devices": 1})


@admin.register(ApiToken)
class ApiTokenAdmin(UserCredentialAdmin):
    """Who holds an API token and until when; revoking is deleting. No key is shown (only its
    digest is kept) and none is made here: a token is issued to its owner alone, at the token
    endpoint, so nobody can act under another user's name."""

    list_display = ["user", "created_at", "expires_at", "last_used_at"]
    list_filter = ["created_at", "expires_at"]
    fields = ["user", "created_at", "expires_at", "last_used_at"]
    readonly_fields = fields

    def delete_model(self, request, obj):
        tokens.revoke(obj, reason=tokens.REVOKED, request=request)
