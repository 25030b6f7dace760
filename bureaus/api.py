from rest_framework import serializers, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from .models import Bureau
from .token_auth import token_refusal


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
    """POST username + password → an API token, for scripts; never a way round the login rules
    (token_refusal)."""

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if refusal := token_refusal(user):
            raise PermissionDenied(refusal)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
