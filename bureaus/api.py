from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import tokens
from .models import ApiToken, Bureau
from .token_auth import LoginRulesTokenAuthentication, token_refusal


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


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Shown once: only its digest is kept.")
    expires_at = serializers.DateTimeField()


class ObtainTokenView(APIView):
    """POST username + password → a new API token, for scripts, replacing the earlier one; never
    a way round the login rules (token_refusal)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = AuthTokenSerializer

    @extend_schema(request=AuthTokenSerializer, responses=IssuedTokenSerializer)
    def post(self, request, *args, **kwargs):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if refusal := token_refusal(user):
            raise PermissionDenied(refusal)
        key, token = tokens.issue(user=user, request=request)
        return Response(IssuedTokenSerializer({"token": key, "expires_at": token.expires_at}).data)


class RevokeTokenView(APIView):
    """POST with a token → that token stops working (a script's logout)."""

    authentication_classes = [LoginRulesTokenAuthentication]

    @extend_schema(request=None, responses={204: None})
    def post(self, request, *args, **kwargs):
        if not isinstance(request.auth, ApiToken):
            raise PermissionDenied()
        tokens.revoke(request.auth, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)
