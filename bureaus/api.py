from rest_framework import serializers, viewsets

from .models import Bureau


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
