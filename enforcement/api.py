"""/api/v1/cases/ and /api/v1/campaigns/: the case register over REST.

Thin views: every query is scoped with Case.objects.visible_to and filtered with the page's own
CaseFilter; every write calls enforcement/services.py, and refusals come back in the reporting
API's error shape (workflow.api.exception_handler).
"""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import SearchFilter
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from bureaus.models import Bureau
from core.versioning import VersionedSerializer
from workflow.api import exception_handler

from . import services
from .filters import CaseFilter
from .models import Campaign, Case, CaseStatus, CaseStep, Transfer
from .selectors import BoundedPaginator


class CaseStepSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    bureau = serializers.SlugRelatedField(slug_field="code", read_only=True)
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = CaseStep
        fields = [
            "id",
            "kind",
            "from_status",
            "to_status",
            "happened_on",
            "note",
            "corrects",
            "user",
            "bureau",
            "at",
            "attachments",
        ]

    def get_attachments(self, step) -> list[str]:
        return [a.original_name for a in step.attachments.all()]


class TransferSerializer(serializers.ModelSerializer):
    from_bureau = serializers.SlugRelatedField(slug_field="code", read_only=True)
    to_bureau = serializers.SlugRelatedField(slug_field="code", read_only=True)
    transferred_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    accepted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "from_bureau",
            "to_bureau",
            "reason",
            "status",
            "transferred_on",
            "transferred_by",
            "accepted_on",
            "accepted_by",
        ]


CASE_OUTPUT = [
    "id",
    "version",
    *services.CASE_FIELDS,
    *services.STEP_DATES,
    "status",
    "bureau",
    "bureau_name",
    "created_at",
    "updated_at",
    "next_statuses",
    "steps",
    "transfers",
]


class CaseSerializer(serializers.ModelSerializer):
    bureau = serializers.SlugRelatedField(slug_field="code", read_only=True)
    bureau_name = serializers.CharField(source="bureau.name", read_only=True)
    town = serializers.SlugRelatedField(slug_field="code", read_only=True)
    next_statuses = serializers.SerializerMethodField()
    steps = CaseStepSerializer(many=True, read_only=True)
    transfers = TransferSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = CASE_OUTPUT

    def get_next_statuses(self, case) -> list[str]:
        return services.next_statuses(case)


class CaseListSerializer(CaseSerializer):
    """The list leaves out the record, so a page of cases is a fixed number of queries."""

    class Meta:
        model = Case
        fields = [f for f in CASE_OUTPUT if f not in ("steps", "transfers")]


class CaseWriteSerializer(VersionedSerializer, serializers.ModelSerializer):
    """What a bureau writes; the model's rules (USCC, dates) run again in the service."""

    town = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Bureau.objects.filter(kind="town"),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Case
        fields = ["version", *services.CASE_FIELDS]
        extra_kwargs = {"number": {"validators": []}}

    def validate(self, attrs):
        """A step date sent with the particulars is refused, not silently dropped (R8.4)."""
        sent = [name for name in services.STEP_DATES if name in self.initial_data]
        if sent:
            raise serializers.ValidationError({name: [services.STEP_DATE_ONLY] for name in sent})
        return super().validate(attrs)


class AdvanceSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=CaseStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    happened_on = serializers.DateField(required=False, allow_null=True, default=None)


class StepSerializer(serializers.Serializer):
    note = serializers.CharField()
    happened_on = serializers.DateField(required=False, allow_null=True, default=None)
    corrects = serializers.IntegerField(required=False, allow_null=True, default=None)


class TransferCreateSerializer(serializers.Serializer):
    to_bureau = serializers.SlugRelatedField(slug_field="code", queryset=Bureau.objects.all())
    reason = serializers.CharField()
    happened_on = serializers.DateField(required=False, allow_null=True, default=None)


class AcceptSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class BoundedPagination(PageNumberPagination):
    """The list page's rule for the API: count through a LIMIT (selectors.BoundedPaginator), so
    a page costs the same at any register size. Past the cap, `count` is the cap and
    `count_capped` is true; pages beyond it are refused as DRF refuses any page out of range."""

    django_paginator_class = BoundedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "true when more cases match than `count` says: narrow the filter",
        }
        paginated["required"] = [*paginated.get("required", []), "count_capped"]
        return paginated


class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Enforcement cases, scoped to the user; filters as on the list page (q, status, ip_type,
    proceeding, source, bureau, town, campaign, date ranges, flags, sort)."""

    queryset = Case.objects.none()
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    filter_backends = [DjangoFilterBackend]
    pagination_class = BoundedPagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        queryset = Case.objects.visible_to(self.request.user).select_related(
            "bureau", "town", "campaign"
        )
        if self.action != "list":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "steps",
                    queryset=CaseStep.objects.select_related("user", "bureau").prefetch_related(
                        "attachments"
                    ),
                ),
                Prefetch(
                    "transfers",
                    queryset=Transfer.objects.select_related(
                        "from_bureau", "to_bureau", "transferred_by", "accepted_by"
                    ),
                ),
            )
        return queryset

    def get_serializer_class(self):
        return {
            "list": CaseListSerializer,
            "create": CaseWriteSerializer,
            "partial_update": CaseWriteSerializer,
            "update": CaseWriteSerializer,
            "advance": AdvanceSerializer,
            "step": StepSerializer,
            "transfer": TransferCreateSerializer,
            "accept": AcceptSerializer,
        }.get(self.action, CaseSerializer)

    def get_exception_handler(self):
        return exception_handler

    def present(self, case, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=case.pk)
        return Response(
            CaseSerializer(fresh, context=self.get_serializer_context()).data, status_code
        )

    def _input(self, request, **kwargs):
        serializer = self.get_serializer(data=request.data, **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(request=CaseWriteSerializer, responses={201: CaseSerializer})
    def create(self, request, *args, **kwargs):
        if not services.may_register(request.user):
            raise services.WorkflowError(services.STAFF_ONLY, code="forbidden")
        data = dict(self._input(request))
        data.pop("version", None)
        case = services.case_create(user=request.user, data=data)
        return self.present(case, status.HTTP_201_CREATED)

    @extend_schema(request=CaseWriteSerializer, responses={200: CaseSerializer})
    def partial_update(self, request, *args, **kwargs):
        case = self.get_object()
        if not services.may_handle(request.user, case):
            raise services.WorkflowError(services.NOT_HANDLER, code="forbidden")
        serializer = self.get_serializer(case, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        services.case_update(case, user=request.user, data=data, version=data.pop("version"))
        return self.present(case)

    def update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.partial_update(request, *args, **kwargs)

    @extend_schema(request=AdvanceSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """Move the case to its next status (see next_statuses); writes a step."""
        case = self.get_object()
        data = self._input(request)
        services.case_advance(case, user=request.user, **data)
        return self.present(case)

    @extend_schema(request=StepSerializer, responses={201: CaseSerializer})
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        """Add a note, or a correction of an earlier step (`corrects`), to the record."""
        case = self.get_object()
        data = dict(self._input(request))
        corrects_id = data.pop("corrects")
        corrects = case.steps.filter(pk=corrects_id).first() if corrects_id else None
        if corrects_id and corrects is None:
            raise services.WorkflowError(
                services.NOT_IN_CASE, errors={"corrects": [services.NOT_IN_CASE]}
            )
        services.step_add(case, user=request.user, corrects=corrects, **data)
        return self.present(case, status.HTTP_201_CREATED)

    @extend_schema(request=TransferCreateSerializer, responses={201: CaseSerializer})
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        """Transfer the case to another agency, which must then accept it."""
        case = self.get_object()
        services.case_transfer(case, user=request.user, **self._input(request))
        return self.present(case, status.HTTP_201_CREATED)

    @extend_schema(request=AcceptSerializer, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The receiving bureau accepts the case's transfer."""
        case = self.get_object()
        transfer = case.transfers.first()
        if transfer is None:
            raise services.WorkflowError(services.NOT_RECEIVER, code="forbidden")
        services.transfer_accept(transfer, user=request.user, **self._input(request))
        return self.present(case)


class CampaignSerializer(serializers.ModelSerializer):
    lead_bureau = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "name", "starts_on", "ends_on", "lead_bureau", "description"]


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    """Enforcement campaigns (专项行动); the office edits them in the administration."""

    queryset = Campaign.objects.select_related("lead_bureau").order_by("-starts_on", "id")
    serializer_class = CampaignSerializer
    filter_backends = [SearchFilter]
    search_fields = ["name"]
