"""API tokens: issued at the token endpoint, kept as an SM3 digest, with a lifetime.

The key is shown once, when it is issued; the database holds only its SM3 digest, so a copy of
the table, or anyone reading it in the admin, holds no working token. A token lives
API_TOKEN_DAYS, is replaced when its owner asks for a new one, and is revoked when the password
changes, the account is deactivated or the token logs itself out. Issuing and using a token are
logins in the audit log (detail `via: api_token`); a use after SESSION_IDLE_SECONDS of quiet is a
new login, so a script calling every second writes one event, not thousands.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.models import Event, Outcome
from audit.services import record

from .models import ApiToken, User

VIA = "api_token"
PASSWORD_CHANGED, DEACTIVATED, LOGGED_OUT, REPLACED, REVOKED = (
    "password_change",
    "deactivated",
    "logout",
    "replaced",
    "revoked",  # by the administrator in the admin
)


def digest(key: str) -> str:
    return hashlib.new("sm3", key.encode()).hexdigest()


@transaction.atomic
def issue(*, user: User, request=None) -> tuple[str, ApiToken]:
    """A new key for the user and its token row, replacing any earlier token (the same key never
    comes back). The key is not kept: hand it to the user now."""
    revoke_all(user, reason=REPLACED, request=request)
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        digest=digest(key),
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.API_TOKEN_DAYS),
        last_used_at=now,
    )
    record(
        Event.LOGIN,
        request=request,
        user=user,
        obj=token,
        detail={"via": VIA, "step": "issued", "expires_at": token.expires_at},
    )
    return key, token


def find(key: str) -> ApiToken | None:
    """The live token with this key, or None (unknown, expired or revoked); its use is audited."""
    token = ApiToken.objects.select_related("user").filter(digest=digest(key)).first()
    now = timezone.now()
    if token is None or token.expires_at <= now:
        record(
            Event.LOGIN_FAILED,
            user=token.user if token else None,
            outcome=Outcome.FAILURE,
            detail={"via": VIA, "reason": "expired" if token else "unknown"},
        )
        return None
    idle = datetime.timedelta(seconds=settings.SESSION_IDLE_SECONDS)
    if token.last_used_at is None or now - token.last_used_at > idle:
        token.last_used_at = now
        token.save(update_fields=["last_used_at"])
        record(Event.LOGIN, user=token.user, obj=token, detail={"via": VIA, "step": "used"})
    return token


def revoke(token: ApiToken, *, reason: str = LOGGED_OUT, request=None) -> None:
    """One token stops working: it logs itself out, or the administrator revokes it."""
    user = token.user
    token.delete()
    record(Event.LOGOUT, request=request, obj=user, detail={"via": VIA, "reason": reason})


def revoke_all(user: User, *, reason: str, request=None) -> int:
    count, _by_model = ApiToken.objects.filter(user=user).delete()
    if count:
        record(
            Event.LOGOUT,
            request=request,
            obj=user,
            detail={"via": VIA, "reason": reason, "tokens": count},
        )
    return count
