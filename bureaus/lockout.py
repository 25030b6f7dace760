"""django-axes with two limits (MLPS 8.1.4.1 b 登录失败处理).

AXES_LOCKOUT_PARAMETERS lists username + client IP first and the username alone second. The first
locks one client out of one account after AXES_FAILURE_LIMIT failures; the second locks the
account against every client after AXES_ACCOUNT_FAILURE_LIMIT failures from any number of
addresses (a password guessed from a botnet, one try per IP), both for AXES_COOLOFF_HOURS. Axes
itself compares every parameter with the one limit; this handler gives the account its own.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AccountLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        """The failures that count against this client: its own at this account, or the limit
        itself once the account is locked for everyone."""
        per_client, per_account = (
            _failures(attempts) for attempts in self.get_user_attempts(request, credentials)
        )
        if per_account >= settings.AXES_ACCOUNT_FAILURE_LIMIT:
            return max(per_client, get_failure_limit(request, credentials))
        return per_client
