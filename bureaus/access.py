"""Role checks for views: the one place a page says which roles may open it."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from .models import Role


def require_role(user, *roles: Role) -> None:
    if not user.is_authenticated or user.role not in roles:
        raise PermissionDenied


class RoleRequiredMixin(LoginRequiredMixin):
    """Logged-in users only, and of the listed roles (all roles when none are listed)."""

    roles: tuple[Role, ...] = tuple(Role)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.role not in self.roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
