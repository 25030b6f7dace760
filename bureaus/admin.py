from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Bureau, Role, User


class OfficeEditable:
    """Programme data: the office edits it in the admin alongside the administrator."""

    def _allowed(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or user.role in (Role.OFFICE, Role.ADMIN))

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


@admin.register(Bureau)
class BureauAdmin(OfficeEditableAdmin):
    list_display = ["name", "code", "kind", "order", "is_member", "is_office"]
    list_filter = ["kind", "is_member", "is_office"]
    search_fields = ["name", "code"]
    list_editable = ["order"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "last_name", "first_name", "bureau", "role", "is_active"]
    list_filter = ["role", "bureau__kind", "is_active", "bureau"]
    search_fields = ["username", "first_name", "last_name", "email", "bureau__name"]
    list_select_related = ["bureau"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ["bureau", "role"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (_("Portal"), {"fields": ["bureau", "role"]}),
    ]
