from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets

from .models import Indicator, Period, Progress
from .periods import find_period, parse_code


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


# The read API of what the office publishes: progress rows (docs/rules.md R2).

UNKNOWN_INDICATOR = _("No indicator has this code.")
UNKNOWN_PERIOD = _("Give an existing period like 2026Q3.")


class ProgressQuerySerializer(serializers.Serializer):
    """The filters of GET /api/v1/progress/: bad values answer 400 naming the filter."""

    indicator = serializers.CharField(required=False, help_text="indicator code, like 2.1")
    period = serializers.CharField(required=False, help_text="period code, like 2026Q3")

    def validate_indicator(self, code: str) -> Indicator:
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            raise serializers.ValidationError(UNKNOWN_INDICATOR)
        return indicator

    def validate_period(self, code: str) -> Period:
        quarter = parse_code(code)
        period = find_period(*quarter) if quarter else None
        if period is None:
            raise serializers.ValidationError(UNKNOWN_PERIOD)
        return period


class ProgressSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    period = serializers.CharField(source="period.__str__")
    percent = serializers.DecimalField(
        source="percent_of_target", max_digits=12, decimal_places=2, allow_null=True
    )
    data_period = serializers.SerializerMethodField(
        help_text="The period the value's data comes from (earlier when carried forward)."
    )

    class Meta:
        model = Progress
        fields = [
            "indicator",
            "period",
            "as_of",
            "value",
            "percent",
            "expected_percent",
            "status",
            "provisional",
            "data_period",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_data_period(self, row: Progress) -> str | None:
        return str(row.data_period) if row.data_period else None


@extend_schema(parameters=[ProgressQuerySerializer])
class ProgressViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Every indicator's computed progress per period: the official rows (`provisional` false:
    the period has ended) and the running quarter's provisional ones. Bureau staff see the
    indicators their bureau reports; the office, leaders and administrators see all."""

    serializer_class = ProgressSerializer
    filter_backends: list = []

    def get_queryset(self):
        query = ProgressQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        rows = Progress.objects.select_related("indicator", "period", "data_period").order_by(
            "indicator__order", "indicator_id", "period__year", "period__quarter"
        )
        user = self.request.user
        if not user.sees_all_bureaus:
            rows = rows.filter(indicator__reporting_bureau_id=user.bureau_id)
        if "indicator" in query.validated_data:
            rows = rows.filter(indicator=query.validated_data["indicator"])
        if "period" in query.validated_data:
            rows = rows.filter(period=query.validated_data["period"])
        return rows
