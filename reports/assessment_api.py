"""GET /api/v1/assessment/<year>/: the assessment the office publishes, as the page computes it
(reports/assessment.py), for the roles that may see the assessment page."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.provenance import Provenance

from . import assessment
from .assessment_views import READERS

BAD_YEAR = _("Give a year between 2000 and 2100.")
BAD_DATE = _("Give the as-of date as YYYY-MM-DD.")
DATE_BEFORE_YEAR = _("The as-of date is before the year begins.")
DATE_IN_FUTURE = _("The as-of date is after today: an assessment is of what has happened.")


class CriterionLineSerializer(serializers.Serializer):
    code = serializers.CharField(source="criterion.code")
    applicable = serializers.BooleanField()
    rate = serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True)
    points = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)


class AssessmentLineSerializer(serializers.Serializer):
    bureau = serializers.CharField(source="bureau.code")
    name = serializers.CharField(source="bureau.name")
    category = serializers.CharField(source="category_name")
    category_provenance = serializers.ChoiceField(
        source="category.provenance",
        choices=Provenance.choices,
        allow_null=True,
        default=None,
        help_text="default: the portal's proposal, awaiting the office (系统预置（待办公室确认）); "
        "confirmed: confirmed or changed by the office; null: the unit is in no category",
    )
    assessed = serializers.BooleanField()
    rank = serializers.IntegerField(allow_null=True)
    total = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    criteria = CriterionLineSerializer(source="scores", many=True)


class AssessmentSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    as_of = serializers.DateField()
    max_points = serializers.DecimalField(max_digits=8, decimal_places=2)
    lines = AssessmentLineSerializer(many=True)


def read_as_of(value: str, year: int) -> datetime.date:
    """The as-of date from the query, or today; a clear 400 for anything else."""
    today = timezone.localdate()
    if not value:
        return today
    try:
        as_of = datetime.date.fromisoformat(value)
    except ValueError:
        raise serializers.ValidationError({"as_of": [BAD_DATE]}) from None
    if as_of < datetime.date(year, 1, 1):
        raise serializers.ValidationError({"as_of": [DATE_BEFORE_YEAR]})
    if as_of > today:
        raise serializers.ValidationError({"as_of": [DATE_IN_FUTURE]})
    return as_of


class AssessmentAPIView(APIView):
    """考核: every member unit's score for the year as of a date, ranked within its category."""

    roles = READERS

    @extend_schema(
        parameters=[OpenApiParameter("as_of", datetime.date, description="default: today")],
        responses=AssessmentSerializer,
    )
    def get(self, request, year: int):
        if not 2000 <= year <= 2100:
            raise serializers.ValidationError({"year": [BAD_YEAR]})
        as_of = read_as_of(request.query_params.get("as_of", ""), year)
        result = assessment.assess(year, as_of=as_of)
        return Response(AssessmentSerializer(result).data)
