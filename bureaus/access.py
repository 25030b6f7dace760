"""Role checks for pages and the API: the one place that says which roles may open them."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.urls import resolve, reverse
from rest_framework.permissions import BasePermission

from .models import Role

# 三员分立 (MLPS level 3): the system administrator configures the portal (users' bureau and
# role, indicators, schedules), the security administrator looks after accounts' security
# (lockouts, second factors, password resets, activation), the auditor reads the audit log. The
# last two do no programme work.
SEPARATED_ROLES = (Role.SECURITY_ADMIN, Role.AUDITOR)

# Everyone who works on the programme.
PROGRAMME_ROLES = tuple(role for role in Role if role not in SEPARATED_ROLES)

# Where a role lands after login when the programme's home page is not theirs.
LANDING_PAGES = {Role.AUDITOR: "audit:events", Role.SECURITY_ADMIN: "admin:index"}


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_system_admin(user) -> bool:
    """Configuration: users' bureau and role, indicators, schedules, the second-factor policy."""
    return _active(user) and (user.is_superuser or user.role == Role.ADMIN)


def is_security_admin(user) -> bool:
    """Accounts' security settings: unlocking, second factors, password resets, API tokens,
    activation. Never the superuser: the system administrator does not hold these."""
    return _active(user) and not user.is_superuser and user.role == Role.SECURITY_ADMIN


class RoleRequiredMixin(LoginRequiredMixin):
    """Logged-in users only, of the listed roles (every programme role when none are listed)."""

    roles: tuple[Role, ...] = PROGRAMME_ROLES

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.role not in self.roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def may_open(user, url_name: str) -> bool:
    """Whether the user's role passes the roles of the page named `url_name` (a page without
    arguments), so that a link is offered only where it leads: the view's own `roles` decide."""
    view = getattr(resolve(reverse(url_name)).func, "view_class", None)
    if view is None or not issubclass(view, RoleRequiredMixin):
        raise ValueError(f"{url_name} does not say which roles may open it")
    return _active(user) and user.role in view.roles


class ProgrammeUser(BasePermission):
    """The API's default: a logged-in user of a programme role (not the auditor nor the
    security administrator), or of the view's own `roles` when it lists them, as
    RoleRequiredMixin does for pages."""

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
