"""Role checks for pages and the API: the one place that says which roles may open them."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from .models import Role

# Everyone who works on the programme. The auditor (三权分立) reads the audit log and nothing else.
PROGRAMME_ROLES = tuple(role for role in Role if role != Role.AUDITOR)


class RoleRequiredMixin(LoginRequiredMixin):
    """Logged-in users only, of the listed roles (every programme role when none are listed)."""

    roles: tuple[Role, ...] = PROGRAMME_ROLES

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.role not in self.roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ProgrammeUser(BasePermission):
    """The API's default: a logged-in user of a programme role (not the auditor), or of the
    view's own `roles` when it lists them, as RoleRequiredMixin does for pages."""

    def has_permission(self, request, view):
        user = request.user
        roles = getattr(view, "roles", PROGRAMME_ROLES)
        return bool(user and user.is_authenticated and user.role in roles)


# Who reads personal data in clear (parties' names and ID numbers, contact people and phones):
# the roles whose work needs it. The administrator runs the system and the auditor reads the log
# (三员分立): in the admin they do not see those fields.
PERSONAL_DATA_ROLES = (Role.STAFF, Role.OFFICE, Role.LEADER)


def reads_personal_data(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in PERSONAL_DATA_ROLES)
