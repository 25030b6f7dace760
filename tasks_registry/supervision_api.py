"""/api/v1/supervision-items/ and /api/v1/activities/: the same scoping and services as the pages.

Supervision items are read by everyone who may see them (staff: their bureau's); bureaus report
progress and the office signs off or sends back through the services of tasks_registry/
supervision.py, whose WorkflowError codes the API answers with 403, 409 or 400.
"""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from workflow.api import exception_handler

from . import activities, supervision
from . import supervision_selectors as selectors
from .models import Activity, ActivityKind, SupervisionItem


class SupervisionItemSerializer(serializers.ModelSerializer):
    # Plain strings rather than choice fields: the codes are documented on the model.
    source = serializers.CharField(read_only=True)
    urgency = serializers.CharField(read_only=True)
    frequency = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    lead_bureau = serializers.CharField(source="lead_bureau.code", read_only=True)
    cooperating_bureaus = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    remaining_days = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = SupervisionItem
        fields = [
            "id",
            "title",
            "description",
            "source",
            "lead_bureau",
            "cooperating_bureaus",
            "deadline",
            "urgency",
            "frequency",
            "status",
            "overdue",
            "remaining_days",
            "completed_at",
            "signed_off_at",
            "url",
        ]

    def get_cooperating_bureaus(self, item) -> list[str]:
        return [b.code for b in item.cooperating_bureaus.all()]

    def get_overdue(self, item) -> bool:
        return item.is_overdue(timezone.localdate())

    def get_remaining_days(self, item) -> int:
        return item.remaining_days(timezone.localdate())


class UpdateInput(serializers.Serializer):
    text = serializers.CharField()
    reports_done = serializers.BooleanField(default=False)


class UpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    bureau = serializers.CharField(source="bureau.code")
    text = serializers.CharField()
    reports_done = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class CommentInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


FILTERS = [
    OpenApiParameter("status", str, description="open, in_progress, done or overdue"),
    OpenApiParameter("source", str, description="inspection, joint_meeting, instruction, …"),
]


@extend_schema(parameters=FILTERS)
class SupervisionItemViewSet(viewsets.ReadOnlyModelViewSet):
    """督办事项 the user may see; bureaus report progress, the office signs off."""

    serializer_class = SupervisionItemSerializer
    queryset = SupervisionItem.objects.none()  # for the schema; get_queryset scopes
    filter_backends = []

    def get_exception_handler(self):
        return exception_handler  # WorkflowError codes to 403 / 409 / 400, as for the workflow

    def get_queryset(self):
        params = self.request.query_params
        return selectors.items_for(
            self.request.user,
            status=params.get("status", ""),
            source=params.get("source", ""),
        ).order_by("deadline", "id")

    @extend_schema(request=UpdateInput, responses={201: UpdateSerializer})
    @action(detail=True, methods=["post"])
    def updates(self, request, pk=None):
        item = self.get_object()
        data = UpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        update = supervision.update_add(item=item, user=request.user, **data.validated_data)
        return Response(UpdateSerializer(update).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommentInput, responses=SupervisionItemSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request, pk=None):
        item = self.get_object()
        data = CommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = supervision.item_sign_off(item=item, user=request.user, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(request=CommentInput, responses=SupervisionItemSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        item = self.get_object()
        data = CommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = supervision.item_send_back(item=item, user=request.user, **data.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)


class ActivitySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    audience = serializers.CharField(read_only=True)
    bureau = serializers.CharField(source="bureau.code", read_only=True)
    task = serializers.IntegerField(source="task.number", read_only=True, allow_null=True)

    class Meta:
        model = Activity
        fields = ["id", "kind", "title", "date", "bureau", "task", "audience", "person_times"]
        fields += ["place", "summary"]


@extend_schema(
    parameters=[
        OpenApiParameter("year", int),
        OpenApiParameter("kind", str, description="event or training"),
    ]
)
class ActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """Publicity events and trainings the user may see (staff: their bureau's)."""

    serializer_class = ActivitySerializer
    queryset = Activity.objects.none()
    filter_backends = []

    def get_queryset(self):
        params = self.request.query_params
        year = params.get("year", "")
        kind = params.get("kind", "")
        if year and activities.read_year(year) is None:
            raise serializers.ValidationError({"year": [activities.NOT_A_YEAR % {"value": year}]})
        if kind and kind not in ActivityKind.values:
            raise serializers.ValidationError({"kind": [activities.UNKNOWN_KIND % {"value": kind}]})
        return activities.activities_for(
            self.request.user,
            year=activities.read_year(year),
            kind=kind,
        ).order_by("-date", "-id")
