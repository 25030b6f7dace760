"""/api/v1/enterprises/, /api/v1/pledge-loans/, /api/v1/interest-subsidies/,
/api/v1/insurance-policies/: the finance registers over REST.

Thin views: every query starts from `visible_to(user)` (another bureau's record is 404), the
filters are the pages' FilterSets, and every write goes through finance/services.py, so who may
write and what is valid (USCC, pledged numbers, subsidy caps) is decided in one place.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.versioning import VersionedSerializer
from workflow.api import ERROR_STATUS, ReportingErrorSerializer
from workflow.api import exception_handler as workflow_exception_handler

from . import selectors, services
from .filters import EnterpriseFilter, InsuranceFilter, LoanFilter, SubsidyFilter
from .models import Enterprise, InsuranceKind, InsurancePolicy, InterestSubsidy, PledgeLoan
from .services import FinanceError

ERRORS = {code: ReportingErrorSerializer for code in (400, 403, 404, 409)}
BAD_DATE = _("Give a date like 2026-06-30.")


def exception_handler(exc, context):
    """FinanceError like WorkflowError: detail, code, errors, with the same statuses."""
    if isinstance(exc, FinanceError):
        body = {"detail": exc.message, "code": exc.code, "errors": exc.errors}
        return Response(body, status=ERROR_STATUS.get(exc.code, status.HTTP_400_BAD_REQUEST))
    return workflow_exception_handler(exc, context)


# Output


class EnterpriseSerializer(serializers.ModelSerializer):
    town = serializers.SlugRelatedField(slug_field="code", read_only=True)
    town_name = serializers.CharField(source="town.name", read_only=True, default=None)
    cluster_name = serializers.CharField(source="cluster.name", read_only=True, default=None)
    bureau = serializers.SlugRelatedField(slug_field="code", read_only=True)
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "version",
            "name",
            "uscc",
            "town",
            "town_name",
            "cluster",
            "cluster_name",
            "is_high_tech",
            "is_above_size",
            "is_listed",
            "standard_certified_on",
            "standard_valid_until",
            "ip_status",
            "ip_status_level",
            "ip_status_year",
            "contact",
            "note",
            "bureau",
            "updated_at",
            "page_url",
        ]


class PledgeLoanSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    enterprise_uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    bureau = serializers.SlugRelatedField(slug_field="code", read_only=True)
    patent_numbers = serializers.ListField(
        source="patent_list", child=serializers.CharField(), read_only=True
    )
    trademark_numbers = serializers.ListField(
        source="trademark_list", child=serializers.CharField(), read_only=True
    )
    outstanding = serializers.SerializerMethodField(
        help_text=_("Amount outstanding on ?outstanding_at=YYYY-MM-DD (today by default).")
    )
    page_url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = PledgeLoan
        fields = [
            "id",
            "version",
            "enterprise",
            "enterprise_name",
            "enterprise_uscc",
            "lender",
            "amount",
            "rate",
            "start_date",
            "maturity_date",
            "registration_number",
            "patent_numbers",
            "trademark_numbers",
            "status",
            "closed_on",
            "risk_share",
            "outstanding",
            "note",
            "bureau",
            "updated_at",
            "page_url",
        ]

    def get_outstanding(self, loan) -> str:
        day = self.context.get("outstanding_at") or timezone.localdate()
        return f"{loan.outstanding_at(day):.2f}"  # a decimal as text, like the other amounts


class InterestSubsidySerializer(serializers.ModelSerializer):
    policy_year = serializers.IntegerField(source="policy.year", read_only=True)

    class Meta:
        model = InterestSubsidy
        fields = [
            "id",
            "version",
            "loan",
            "policy_year",
            "interest_from",
            "interest_to",
            "applied_amount",
            "applied_on",
            "approved_amount",
            "approved_on",
            "paid_amount",
            "paid_on",
            "updated_at",
        ]


class InsurancePolicySerializer(serializers.ModelSerializer):
    # "insurance_type", not "kind": the bureaus' own "kind" would make the schema's names clash.
    insurance_type = serializers.ChoiceField(
        source="kind", choices=InsuranceKind.choices, read_only=True
    )
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    bureau = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = InsurancePolicy
        fields = [
            "id",
            "version",
            "enterprise",
            "enterprise_name",
            "insurance_type",
            "insurer",
            "policy_number",
            "premium",
            "coverage",
            "starts_on",
            "ends_on",
            "note",
            "bureau",
            "updated_at",
        ]


# Input: the fields a writer sends; the bureau is always the writer's own.


def _own(serializer, queryset):
    request = serializer.context.get("request")
    bureau_id = request.user.bureau_id if request else None
    return queryset.filter(bureau_id=bureau_id)


class EnterpriseWriteSerializer(VersionedSerializer, serializers.ModelSerializer):
    town = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Enterprise._meta.get_field("town").related_model.objects.filter(kind="town"),
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Enterprise
        fields = [
            "version",
            "name",
            "uscc",
            "town",
            "cluster",
            "is_high_tech",
            "is_above_size",
            "is_listed",
            "standard_certified_on",
            "standard_valid_until",
            "ip_status",
            "ip_status_level",
            "ip_status_year",
            "contact",
            "note",
        ]
        # Uniqueness and the check character are the service's (after normalising the code).
        extra_kwargs = {"uscc": {"validators": [], "max_length": 30}}


class PledgeLoanWriteSerializer(VersionedSerializer, serializers.ModelSerializer):
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none())
    patent_numbers = serializers.CharField(
        required=False, allow_blank=True, help_text=_("One per line or separated by commas.")
    )
    trademark_numbers = serializers.CharField(
        required=False, allow_blank=True, help_text=_("One per line or separated by commas.")
    )

    class Meta:
        model = PledgeLoan
        fields = [
            "version",
            "enterprise",
            "lender",
            "amount",
            "rate",
            "start_date",
            "maturity_date",
            "registration_number",
            "patent_numbers",
            "trademark_numbers",
            "status",
            "closed_on",
            "risk_share",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = _own(self, Enterprise.objects.all())

    def to_internal_value(self, data):
        # Lists are accepted as well as text.
        data = data.copy() if hasattr(data, "copy") else dict(data)
        for name in ("patent_numbers", "trademark_numbers"):
            if isinstance(data.get(name), list):
                data[name] = "\n".join(str(n) for n in data[name])
        return super().to_internal_value(data)


class InterestSubsidyWriteSerializer(VersionedSerializer, serializers.ModelSerializer):
    loan = serializers.PrimaryKeyRelatedField(queryset=PledgeLoan.objects.none())

    class Meta:
        model = InterestSubsidy
        fields = [
            "version",
            "loan",
            "interest_from",
            "interest_to",
            "applied_amount",
            "applied_on",
            "approved_amount",
            "approved_on",
            "paid_amount",
            "paid_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loan"].queryset = _own(self, PledgeLoan.objects.all())


class InsurancePolicyWriteSerializer(VersionedSerializer, serializers.ModelSerializer):
    insurance_type = serializers.ChoiceField(source="kind", choices=InsuranceKind.choices)
    enterprise = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.none())

    class Meta:
        model = InsurancePolicy
        fields = [
            "version",
            "enterprise",
            "insurance_type",
            "insurer",
            "policy_number",
            "premium",
            "coverage",
            "starts_on",
            "ends_on",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = _own(self, Enterprise.objects.all())


# Views


class RegisterViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and change one register's records (no deletion over the API)."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    write_serializer: type[serializers.Serializer]
    model: type

    def get_exception_handler(self):
        return exception_handler

    def get_serializer_class(self):
        if self.action in ("create", "partial_update"):
            return self.write_serializer
        return self.serializer_class

    def save(self, record, user, data, version):
        raise NotImplementedError

    def present(self, record, status_code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=record.pk)
        context = self.get_serializer_context()
        return Response(self.serializer_class(fresh, context=context).data, status=status_code)

    def create(self, request, *args, **kwargs):
        # Who may write comes before what is wrong with the payload.
        if not services.may_create(request.user):
            raise FinanceError(services.NOT_YOURS, code="forbidden")
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        record = self.save(self.model(), request.user, data, None)
        return self.present(record, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        if not services.may_edit(request.user, record.bureau_id):
            raise FinanceError(services.NOT_YOURS, code="forbidden")
        serializer = self.get_serializer(record, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        self.save(record, request.user, data, data.pop("version"))
        return self.present(record)


def documented(output, write):
    return extend_schema_view(
        list=extend_schema(responses={200: output(many=True)}),
        retrieve=extend_schema(responses={200: output, 404: ReportingErrorSerializer}),
        create=extend_schema(request=write, responses={201: output, **ERRORS}),
        partial_update=extend_schema(request=write, responses={200: output, **ERRORS}),
    )


@documented(EnterpriseSerializer, EnterpriseWriteSerializer)
class EnterpriseViewSet(RegisterViewSet):
    """Enterprises of the district: USCC (GB 32100 check character), cluster, flags, status."""

    queryset = Enterprise.objects.none()
    serializer_class = EnterpriseSerializer
    write_serializer = EnterpriseWriteSerializer
    filterset_class = EnterpriseFilter
    model = Enterprise
    ordering_fields = ["name", "uscc", "updated_at"]

    def get_queryset(self):
        return selectors.enterprises_for(self.request.user)

    def save(self, record, user, data, version):
        return services.enterprise_save(enterprise=record, user=user, data=data, version=version)


@documented(PledgeLoanSerializer, PledgeLoanWriteSerializer)
class PledgeLoanViewSet(RegisterViewSet):
    """IP pledge loans (知识产权质押融资), with the amount outstanding on `outstanding_at`."""

    queryset = PledgeLoan.objects.none()
    serializer_class = PledgeLoanSerializer
    write_serializer = PledgeLoanWriteSerializer
    filterset_class = LoanFilter
    model = PledgeLoan
    ordering_fields = ["start_date", "amount", "updated_at"]

    def get_queryset(self):
        return selectors.loans_for(self.request.user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        text = self.request.query_params.get("outstanding_at", "") if self.request else ""
        try:
            context["outstanding_at"] = datetime.date.fromisoformat(text) if text else None
        except ValueError:
            raise ValidationError({"outstanding_at": [BAD_DATE]}) from None
        return context

    def save(self, record, user, data, version):
        return services.loan_save(loan=record, user=user, data=data, version=version)


@documented(InterestSubsidySerializer, InterestSubsidyWriteSerializer)
class InterestSubsidyViewSet(RegisterViewSet):
    """Interest subsidies (贴息): never more than the interest due on the loan, nor the cap."""

    queryset = InterestSubsidy.objects.none()
    serializer_class = InterestSubsidySerializer
    write_serializer = InterestSubsidyWriteSerializer
    filterset_class = SubsidyFilter
    model = InterestSubsidy
    ordering_fields = ["applied_on", "paid_on"]

    def get_queryset(self):
        return selectors.subsidies_for(self.request.user)

    def save(self, record, user, data, version):
        return services.subsidy_save(subsidy=record, user=user, data=data, version=version)


@documented(InsurancePolicySerializer, InsurancePolicyWriteSerializer)
class InsurancePolicyViewSet(RegisterViewSet):
    """IP insurance policies."""

    queryset = InsurancePolicy.objects.none()
    serializer_class = InsurancePolicySerializer
    write_serializer = InsurancePolicyWriteSerializer
    filterset_class = InsuranceFilter
    model = InsurancePolicy
    ordering_fields = ["starts_on", "premium", "coverage"]

    def get_queryset(self):
        return selectors.insurance_for(self.request.user)

    def save(self, record, user, data, version):
        return services.insurance_save(policy=record, user=user, data=data, version=version)
