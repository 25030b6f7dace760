from rest_framework import serializers, viewsets

from .models import Indicator


class IndicatorSerializer(serializers.ModelSerializer):
    area = serializers.IntegerField(source="area.number", read_only=True)
    area_title = serializers.CharField(source="area.title", read_only=True)
    reporting_bureau = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "area",
            "area_title",
            "unit",
            "kind",
            "target_value",
            "target_text",
            "annualised",
            "baseline_year",
            "deadline",
            "source",
            "reporting_bureau",
        ]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The programme's 2026 targets."""

    queryset = Indicator.objects.select_related("area", "reporting_bureau")
    serializer_class = IndicatorSerializer
    filterset_fields = {
        "area__number": ["exact"],
        "kind": ["exact"],
        "source": ["exact"],
        "reporting_bureau__code": ["exact"],
    }
    ordering_fields = ["order", "code"]
