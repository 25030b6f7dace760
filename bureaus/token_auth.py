"""API tokens follow the login rules: a token skips the login page, so it must not open the API
to an account that logs in with a second factor or whose password must change."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from . import second_factor

TOKEN_NEEDS_LOGIN = _(
    "This account logs in with a second factor, so no API token is issued to it: log in on the "
    "portal and use the API from that session."
)
PASSWORD_FIRST = _("Your password must be changed first: log in on the portal and change it.")


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
    """DRF's token authentication, refusing the tokens of accounts `token_refusal` names."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if refusal := token_refusal(user):
            raise AuthenticationFailed(refusal)
        return user, token
