"""/api/v1/figures/ and /api/v1/task-reports/: the quarterly reporting workflow over REST.

The views are thin: they scope every query with `visible_to`, validate the input, and call the
workflow's services, so who may act, from which state and with which version is decided only in
workflow/services.py, exactly as for the pages.
"""

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from targets.models import Figure, Indicator
from targets.periods import PERIOD_CODE, ensure_period_from_code
from targets.validation import value_errors
from tasks_registry.models import KeyTask, TaskReport

from .kinds import owed_figures, owed_task_reports
from .models import Action, Evidence, SubmissionState, Transition
from .services import NOT_YOURS, WorkflowError, allowed_actions, save_draft, transition

ERROR_STATUS = {
    "forbidden": status.HTTP_403_FORBIDDEN,
    "locked": status.HTTP_409_CONFLICT,
    "conflict": status.HTTP_409_CONFLICT,
    "stale": status.HTTP_409_CONFLICT,
    "invalid": status.HTTP_400_BAD_REQUEST,
}

NOT_OWED_INDICATOR = _("Your bureau does not report this indicator.")
NOT_OWED_TASK = _("Your bureau neither leads nor co-operates on this key task.")
ALREADY_EXISTS = _("This item already exists for the period: change it instead.")
UNKNOWN_PERIOD = _("Give a period like 2026Q3.")


def _field_errors(errors) -> dict[str, list[str]]:
    """Every field's errors as a list of strings, whatever shape the raiser used."""
    if not isinstance(errors, dict):
        errors = {"non_field_errors": errors}
    return {
        field: [str(m) for m in (messages if isinstance(messages, list | tuple) else [messages])]
        for field, messages in errors.items()
    }


def exception_handler(exc, context):
    """WorkflowError codes to HTTP statuses; every refusal has one shape: detail, code, errors."""
    if isinstance(exc, WorkflowError):
        body = {"detail": exc.message, "code": exc.code, "errors": _field_errors(exc.errors)}
        return Response(body, status=ERROR_STATUS.get(exc.code, status.HTTP_400_BAD_REQUEST))
    if isinstance(exc, ValidationError):
        body = {
            "detail": str(ValidationError.default_detail),
            "code": "invalid",
            "errors": _field_errors(exc.detail),
        }
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


# What the bureau fills in, for each kind.
FIGURE_DATA = ["value", "note", "explanation"]
REPORT_DATA = ["status", "percent_complete", "work_done", "problems", "next_steps"]


# Output


class ReportingErrorSerializer(serializers.Serializer):
    """What every refused request answers (for the schema only)."""

    detail = serializers.CharField()
    code = serializers.ChoiceField(choices=list(ERROR_STATUS))
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


ERRORS = {
    400: ReportingErrorSerializer,
    403: ReportingErrorSerializer,
    404: ReportingErrorSerializer,
    409: ReportingErrorSerializer,
}


class TransitionSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    user_name = serializers.SerializerMethodField()

    class Meta:
        model = Transition
        fields = ["action", "from_state", "to_state", "user", "user_name", "at", "comment"]

    def get_user_name(self, transition) -> str:
        return transition.user.get_full_name() or transition.user.username


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "original_name", "mime_type", "size", "uploaded_at", "url"]

    def get_url(self, evidence) -> str:
        return reverse("reporting:evidence", args=[evidence.pk])


class ItemSerializer(serializers.ModelSerializer):
    """What both kinds show: who reports it, for when, where it stands and what may happen next."""

    bureau = serializers.SlugRelatedField(slug_field="code", read_only=True)
    bureau_name = serializers.CharField(source="bureau.name", read_only=True)
    period = serializers.StringRelatedField()
    updated_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    transitions = TransitionSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)

    item_fields = [
        "id",
        "bureau",
        "bureau_name",
        "period",
        "state",
        "version",
        "submitted_at",
        "updated_at",
        "updated_by",
        "allowed_actions",
        "transitions",
        "evidence",
        "page_url",
    ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, item) -> list[str]:
        return allowed_actions(self.context["request"].user, item)


class FigureSerializer(ItemSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)

    class Meta:
        model = Figure
        fields = [*ItemSerializer.item_fields, "indicator", "indicator_name", "unit", *FIGURE_DATA]


class TaskReportSerializer(ItemSerializer):
    task = serializers.SlugRelatedField(slug_field="number", read_only=True)
    task_title = serializers.CharField(source="task.title", read_only=True)

    class Meta:
        model = TaskReport
        fields = [*ItemSerializer.item_fields, "task", "task_title", *REPORT_DATA]


# Input


class PeriodField(serializers.CharField):
    """A period named like 2026Q3 in a write, created with its default due date when first used."""

    def to_internal_value(self, data):
        try:
            return ensure_period_from_code(super().to_internal_value(data))
        except Http404:
            raise ValidationError(UNKNOWN_PERIOD) from None


def _bureau_id(serializer) -> int:
    return serializer.context["request"].user.bureau_id


class FigureCreateSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", queryset=Indicator.objects.all())
    period = PeriodField(help_text="2026Q3")

    class Meta:
        model = Figure
        fields = ["indicator", "period", *FIGURE_DATA]
        validators = []  # the bureau comes from the user; the view refuses a duplicate

    def validate_indicator(self, indicator):
        owed = {owed.pk for owed, _bureau in owed_figures(_bureau_id(self))}
        if indicator.pk not in owed:
            raise ValidationError(NOT_OWED_INDICATOR)
        return indicator

    def validate(self, attrs):
        errors = value_errors(attrs["indicator"], attrs.get("value"))
        if errors:
            raise ValidationError({"value": errors})
        return attrs


class VersionedUpdateSerializer(serializers.ModelSerializer):
    """A change to an existing item: `version` is the one the client read, for the stale check."""

    version = serializers.IntegerField(min_value=1)

    def validate(self, attrs):
        # A PATCH is partial, so DRF would not insist on the version by itself.
        if "version" not in attrs:
            raise ValidationError({"version": [self.fields["version"].error_messages["required"]]})
        return attrs


class FigureUpdateSerializer(VersionedUpdateSerializer):
    class Meta:
        model = Figure
        fields = ["version", *FIGURE_DATA]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        errors = value_errors(self.instance.indicator, attrs.get("value"))
        if errors:
            raise ValidationError({"value": errors})
        return attrs


class TaskReportCreateSerializer(serializers.ModelSerializer):
    task = serializers.SlugRelatedField(slug_field="number", queryset=KeyTask.objects.all())
    period = PeriodField(help_text="2026Q3")

    class Meta:
        model = TaskReport
        fields = ["task", "period", *REPORT_DATA]
        validators = []

    def validate(self, attrs):
        owed = {task.pk for task, _bureau in owed_task_reports(attrs["period"], _bureau_id(self))}
        if attrs["task"].pk not in owed:
            raise ValidationError({"task": [NOT_OWED_TASK]})
        return attrs


class TaskReportUpdateSerializer(VersionedUpdateSerializer):
    class Meta:
        model = TaskReport
        fields = ["version", *REPORT_DATA]


class ActionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, allow_null=True, help_text="Refuse the action if the item changed since."
    )


class CommentActionSerializer(ActionSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonActionSerializer(ActionSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


# Filters


class ItemFilter(django_filters.FilterSet):
    period = django_filters.CharFilter(
        method="filter_period",
        label="period, like 2026Q3",
        validators=[RegexValidator(PERIOD_CODE)],
    )
    bureau = django_filters.CharFilter(field_name="bureau__code", label="bureau code")
    state = django_filters.ChoiceFilter(choices=SubmissionState.choices)

    def filter_period(self, queryset, name, value):
        year, quarter = PERIOD_CODE.match(value).groups()
        return queryset.filter(period__year=int(year), period__quarter=int(quarter))


class FigureFilter(ItemFilter):
    indicator = django_filters.CharFilter(field_name="indicator__code", label="indicator code")

    class Meta:
        model = Figure
        fields = ["period", "bureau", "state", "indicator"]


class TaskReportFilter(ItemFilter):
    task = django_filters.NumberFilter(field_name="task__number", label="key task number")

    class Meta:
        model = TaskReport
        fields = ["period", "bureau", "state", "task"]


# Views


class ItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List, read, create, change, submit, approve, return and reopen one kind of item.

    Subclasses name the model, its subject (indicator or task) and their serializers.
    """

    subject: str
    create_serializer: type[serializers.Serializer]
    update_serializer: type[serializers.Serializer]
    ordering_fields = ["id", "submitted_at", "updated_at"]

    def get_queryset(self):
        # The scoping rule: another bureau's item is not found at all.
        model = self.queryset.model
        return (
            model.objects.visible_to(self.request.user)
            .select_related(self.subject, "bureau", "period", "updated_by")
            .prefetch_related(
                Prefetch("transitions", queryset=Transition.objects.select_related("user")),
                "evidence",
            )
        )

    def get_serializer_class(self):
        return {
            "create": self.create_serializer,
            "partial_update": self.update_serializer,
            "submit": ActionSerializer,
            "approve": ActionSerializer,
            "return_": CommentActionSerializer,
            "reopen": ReasonActionSerializer,
        }.get(self.action, self.serializer_class)

    def get_exception_handler(self):
        return exception_handler

    def present(self, item, status_code=status.HTTP_200_OK) -> Response:
        """The item as re-read through the scoped queryset, with its fresh history."""
        fresh = self.get_queryset().get(pk=item.pk)
        context = self.get_serializer_context()
        return Response(self.serializer_class(fresh, context=context).data, status=status_code)

    def create(self, request, *args, **kwargs):
        user = request.user
        # Ask the workflow before looking at the payload, so a leader or the office is told
        # "not yours" rather than what is wrong with data they may not send anyway. A user
        # without a bureau owes nothing (and owed_*(None) would mean every bureau's items).
        if user.bureau_id is None or "save" not in allowed_actions(
            user, self.queryset.model(bureau_id=user.bureau_id)
        ):
            raise WorkflowError(NOT_YOURS, code="forbidden")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        identity = {self.subject: data.pop(self.subject), "period": data.pop("period")}
        model = self.queryset.model
        if model.objects.filter(bureau_id=user.bureau_id, **identity).exists():
            raise WorkflowError(ALREADY_EXISTS, code="conflict")
        item = model(bureau_id=user.bureau_id, **identity)
        try:
            save_draft(item, user=user, data=data)
        except WorkflowError as error:  # created by a concurrent request since the check above
            if error.code != "stale":
                raise
            raise WorkflowError(ALREADY_EXISTS, code="conflict") from None
        return self.present(item, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        serializer = self.get_serializer(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        save_draft(item, user=request.user, data=data, version=version)
        return self.present(item)

    def act(self, request, action_: Action, comment_field: str = "comment") -> Response:
        item = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            transition(
                item,
                action_,
                user=request.user,
                comment=serializer.validated_data.get(comment_field, ""),
                version=serializer.validated_data.get("version"),
            )
        except WorkflowError as error:
            if comment_field in serializer.fields and "comment" in error.errors:
                error.errors[comment_field] = error.errors.pop("comment")
            raise
        return self.present(item)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Bureau staff send a draft or returned item to the office."""
        return self.act(request, Action.SUBMIT)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """The office approves a submitted item; it is then locked."""
        return self.act(request, Action.APPROVE)

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """The office returns a submitted item to its bureau with a comment."""
        return self.act(request, Action.RETURN)

    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """The office reopens an approved item (back to returned), giving a reason."""
        return self.act(request, Action.REOPEN, comment_field="reason")


def documented(output, create, update):
    """One kind's schema: its own request and response bodies, and the shared error shape."""
    answers = {200: output, **ERRORS}
    return extend_schema_view(
        retrieve=extend_schema(responses={200: output, 404: ReportingErrorSerializer}),
        create=extend_schema(request=create, responses={201: output, **ERRORS}),
        partial_update=extend_schema(request=update, responses=answers),
        submit=extend_schema(request=ActionSerializer, responses=answers),
        approve=extend_schema(request=ActionSerializer, responses=answers),
        return_=extend_schema(request=CommentActionSerializer, responses=answers),
        reopen=extend_schema(request=ReasonActionSerializer, responses=answers),
    )


@documented(FigureSerializer, FigureCreateSerializer, FigureUpdateSerializer)
class FigureViewSet(ItemViewSet):
    """Bureaus' quarterly figures: one value of one indicator for one period."""

    queryset = Figure.objects.none()
    serializer_class = FigureSerializer
    create_serializer = FigureCreateSerializer
    update_serializer = FigureUpdateSerializer
    filterset_class = FigureFilter
    subject = "indicator"


@documented(TaskReportSerializer, TaskReportCreateSerializer, TaskReportUpdateSerializer)
class TaskReportViewSet(ItemViewSet):
    """Bureaus' quarterly reports on the key tasks they lead or co-operate on."""

    queryset = TaskReport.objects.none()
    serializer_class = TaskReportSerializer
    create_serializer = TaskReportCreateSerializer
    update_serializer = TaskReportUpdateSerializer
    filterset_class = TaskReportFilter
    subject = "task"
