from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from . import second_factor
from .models import Bureau

TOKEN_NEEDS_LOGIN = _(
    "This account logs in with a second factor, so no API token is issued to it: log in on the "
    "portal and use the API from that session."
)
PASSWORD_FIRST = _("Your password must be changed first: log in on the portal and change it.")


class BureauSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bureau
        fields = ["id", "code", "name", "kind", "order", "is_member", "is_office"]


class BureauViewSet(viewsets.ReadOnlyModelViewSet):
    """Member units of the leading group and the towns."""

    queryset = Bureau.objects.all()
    serializer_class = BureauSerializer
    filterset_fields = ["kind", "is_member", "is_office"]
    search_fields = ["name", "code"]


class ObtainTokenView(ObtainAuthToken):
    """POST username + password → an API token, for scripts; never a way round the login rules.

    A token skips the login page, so it is refused to an account that logs in with a second
    factor (the password alone must not open the API) and to one whose password must change."""

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if second_factor.decide(user) != second_factor.NOT_NEEDED:
            raise PermissionDenied(TOKEN_NEEDS_LOGIN)
        if user.must_change_password:
            raise PermissionDenied(PASSWORD_FIRST)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
