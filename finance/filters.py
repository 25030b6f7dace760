"""The lists' filters: one FilterSet per register for the page, its Excel export and the API, so
"export what is filtered" is the same query by construction."""

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from bureaus.models import Bureau, BureauKind
from bureaus.params import IdChoiceFilter, IdFilter

from .models import (
    Enterprise,
    IndustryCluster,
    InsuranceKind,
    InsurancePolicy,
    InterestSubsidy,
    IPStatus,
    Level,
    LoanStatus,
    PledgeLoan,
)

CATEGORIES = [
    ("high_tech", _("High-tech")),
    ("above_size", _("Above designated size")),
    ("listed", _("Listed")),
    ("certified", _("GB/T 29490 certified")),
    ("recognised", _("Demonstration / advantage, municipal or higher")),
]


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    """A calendar year of a date field: ?year=2025. A year no date can have (?year=99999) is a
    form error, not a crash of `date__year`."""

    def __init__(self, *args, date_field: str, **kwargs):
        kwargs.setdefault("method", self.filter_year)
        kwargs.setdefault("min_value", datetime.MINYEAR)
        kwargs.setdefault("max_value", datetime.MAXYEAR)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)
        self.date_field = date_field

    def filter_year(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__year": int(value)})


class KeeperFilter(django_filters.FilterSet):
    """The keeping bureau, which only the office, leaders and administrator need."""

    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.all(), to_field_name="code", label=_("kept by")
    )


def visible_enterprises(request):
    """The enterprises the asking user may see, by name: another bureau's are no choice (and
    `?enterprise=<its id>` is a form error, which filters nothing)."""
    user = getattr(request, "user", None)
    if user is None:
        return Enterprise.objects.none()
    return Enterprise.objects.visible_to(user).order_by("name").only("pk", "name")


def enterprise_choice():
    return IdChoiceFilter(
        field_name="enterprise", queryset=visible_enterprises, label=_("enterprise")
    )


class EnterpriseFilter(KeeperFilter):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    cluster = django_filters.ModelChoiceFilter(
        queryset=IndustryCluster.objects.all(), label=_("industry cluster")
    )
    town = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.filter(kind=BureauKind.TOWN),
        to_field_name="code",
        label=_("town / sub-district"),
    )
    category = django_filters.ChoiceFilter(
        choices=CATEGORIES, method="filter_category", label=_("category")
    )
    ip_status = django_filters.ChoiceFilter(
        choices=IPStatus.choices[1:], label=_("demonstration / advantage status")
    )
    ip_status_level = django_filters.ChoiceFilter(choices=Level.choices, label=_("status level"))

    class Meta:
        model = Enterprise
        fields = ["q", "cluster", "town", "category", "ip_status", "ip_status_level", "bureau"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(uscc__icontains=value.upper()))

    def filter_category(self, queryset, name, value):
        from django.utils import timezone

        today = timezone.localdate()
        if value == "certified":
            return queryset.certified_at(today)
        if value == "recognised":
            return queryset.recognised_at(today)
        return queryset.filter(**{f"is_{value}": True})


class LoanFilter(KeeperFilter):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    lender = django_filters.CharFilter(lookup_expr="icontains", label=_("lender bank"))
    status = django_filters.ChoiceFilter(choices=LoanStatus.choices, label=_("status"))
    year = YearFilter(date_field="start_date", label=_("year granted"))
    enterprise = enterprise_choice()

    class Meta:
        model = PledgeLoan
        fields = ["q", "lender", "status", "year", "enterprise", "bureau"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(enterprise__name__icontains=value)
            | Q(enterprise__uscc__icontains=value.upper())
            | Q(registration_number__icontains=value)
            | Q(patent_numbers__icontains=value.upper().replace(" ", ""))
            | Q(trademark_numbers__icontains=value)
        )


class SubsidyFilter(django_filters.FilterSet):
    loan = IdFilter(field_name="loan_id", label=_("loan id"))
    year = django_filters.NumberFilter(
        field_name="policy__year",
        min_value=datetime.MINYEAR,
        max_value=datetime.MAXYEAR,
        decimal_places=0,
        label=_("policy year"),
    )

    class Meta:
        model = InterestSubsidy
        fields = ["loan", "year"]


class InsuranceFilter(KeeperFilter):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    insurance_type = django_filters.ChoiceFilter(
        field_name="kind", choices=InsuranceKind.choices, label=_("type")
    )
    insurer = django_filters.CharFilter(lookup_expr="icontains", label=_("insurer"))
    year = YearFilter(date_field="starts_on", label=_("year"))
    enterprise = enterprise_choice()

    class Meta:
        model = InsurancePolicy
        fields = ["q", "insurance_type", "insurer", "year", "enterprise", "bureau"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(enterprise__name__icontains=value)
            | Q(enterprise__uscc__icontains=value.upper())
            | Q(policy_number__icontains=value)
        )
