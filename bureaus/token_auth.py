"""API tokens follow the login rules: a token skips the login page, so it must not open the API
to an account that logs in with a second factor, whose password must change or that is
deactivated. The tokens themselves (digest, lifetime, revocation) are bureaus.tokens'."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from . import second_factor, tokens

TOKEN_NEEDS_LOGIN = _(
    "This account logs in with a second factor, so no API token is issued to it: log in on the "
    "portal and use the API from that session."
)
PASSWORD_FIRST = _("Your password must be changed first: log in on the portal and change it.")
INVALID_TOKEN = _("Invalid or expired token: ask for a new one.")


def token_refusal(user) -> str | None:
    """Why this account may not use the API by token, or None. A token skips the login page, so
    it must not open the API to an account that logs in with a second factor (the password alone
    would be enough) or whose password must change. Checked when a token is issued and each time
    one is used (a token issued before the account enrolled or its password aged stops working).
    """
    if second_factor.decide(user) != second_factor.NOT_NEEDED:
        return TOKEN_NEEDS_LOGIN
    if user.must_change_password:
        return PASSWORD_FIRST
    return None


class LoginRulesTokenAuthentication(TokenAuthentication):
    """DRF's `Authorization: Token <key>` header, checked against our digests (bureaus.tokens),
    refusing the tokens of accounts `token_refusal` names."""

    def authenticate_credentials(self, key):
        token = tokens.find(key)
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(INVALID_TOKEN)
        if refusal := token_refusal(token.user):
            raise AuthenticationFailed(refusal)
        return token.user, token
