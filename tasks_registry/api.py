import django_filters
from rest_framework import serializers, viewsets

from core.provenance import Provenance

from .models import KeyTask, OwnershipRole
from .selectors import key_tasks


class OwnerSerializer(serializers.Serializer):
    bureau = serializers.CharField(source="bureau.code")
    bureau_name = serializers.CharField(source="bureau.name")
    role = serializers.ChoiceField(choices=OwnershipRole.choices)
    is_default = serializers.BooleanField(help_text="loaded with the programme (R4)")
    provenance = serializers.ChoiceField(
        choices=Provenance.choices,
        help_text="default: the portal's proposal, awaiting the office (系统预置（待办公室确认）); "
        "confirmed: that proposal, confirmed by the office; office: set by the office",
    )
    confirmed_by = serializers.CharField(
        source="confirmed_by.username", allow_null=True, default=None
    )
    confirmed_at = serializers.DateTimeField(allow_null=True)
    from_period = serializers.CharField(allow_null=True, help_text="2026Q4; null: from the start")


class KeyTaskSerializer(serializers.ModelSerializer):
    group = serializers.IntegerField(source="group.number", read_only=True)
    group_title = serializers.CharField(source="group.title", read_only=True)
    owners = OwnerSerializer(many=True, read_only=True)

    class Meta:
        model = KeyTask
        fields = ["id", "number", "title", "description", "group", "group_title", "owners"]


class KeyTaskFilter(django_filters.FilterSet):
    group = django_filters.NumberFilter(field_name="group__number")
    bureau = django_filters.CharFilter(field_name="ownerships__bureau__code", distinct=True)
    lead = django_filters.CharFilter(method="filter_lead", label="lead bureau code")

    class Meta:
        model = KeyTask
        fields = ["group", "bureau", "lead"]

    def filter_lead(self, queryset, name, value):
        return queryset.filter(
            ownerships__bureau__code=value,
            ownerships__role=OwnershipRole.LEAD,
            ownerships__until_period__isnull=True,
        ).distinct()


class KeyTaskViewSet(viewsets.ReadOnlyModelViewSet):
    """The 19 key tasks with their lead and co-operating bureaus."""

    queryset = key_tasks()
    serializer_class = KeyTaskSerializer
    filterset_class = KeyTaskFilter
    lookup_field = "number"
