"""The case list's filters, sort and search: one FilterSet for the page, the export and the API,
so "export what is filtered" is the same query by construction."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from bureaus.models import Bureau, BureauKind
from crypto.envelope import blind_index

from .models import Campaign, Case, CaseStatus, IPType, Proceeding, Source, Transfer

YES_NO = [("true", _("Yes")), ("false", _("No"))]
SORTABLE = ("filed_on", "decided_on", "closed_on", "number", "fine", "status")
# Shown at once on the list page; the others open under "More filters".
PRIMARY = (
    "q",
    "status",
    "ip_type",
    "proceeding",
    "source",
    "bureau",
    "town",
    "filed_after",
    "filed_before",
    "sort",
)


class BooleanChoiceFilter(django_filters.ChoiceFilter):
    """Either / yes / no, as a select reading ?joint_enforcement=true in the URL and the API."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", YES_NO)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in ("", None):
            return qs
        return qs.filter(**{self.field_name: value == "true"})


class DateInput(forms.DateInput):
    input_type = "date"


class CaseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Case number, respondent's full name or ID number, right holder"),
            }
        ),
    )
    status = django_filters.ChoiceFilter(choices=CaseStatus.choices, label=_("status"))
    ip_type = django_filters.ChoiceFilter(choices=IPType.choices, label=_("IP type"))
    proceeding = django_filters.ChoiceFilter(choices=Proceeding.choices, label=_("proceeding"))
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("case source"))
    bureau = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.exclude(kind=BureauKind.TOWN),
        to_field_name="code",
        label=_("handling bureau"),
    )
    town = django_filters.ModelChoiceFilter(
        queryset=Bureau.objects.filter(kind=BureauKind.TOWN), to_field_name="code", label=_("town")
    )
    campaign = django_filters.ModelChoiceFilter(
        queryset=Campaign.objects.all(), label=_("campaign")
    )
    respondent_uscc = django_filters.CharFilter(
        field_name="respondent_uscc",
        lookup_expr="iexact",
        label=_("respondent's unified social credit code"),
    )
    respondent_id_number = django_filters.CharFilter(
        method="filter_id_number", label=_("respondent's ID number")
    )
    respondent_is_company = BooleanChoiceFilter(label=_("respondent is a company"))
    joint_enforcement = BooleanChoiceFilter(label=_("joint enforcement"))
    punitive_damages = BooleanChoiceFilter(label=_("punitive damages"))
    credit_flag = BooleanChoiceFilter(label=_("abnormal application or bad-faith filing"))
    goods_seized = BooleanChoiceFilter(method="filter_goods", label=_("goods seized"))
    transferred = BooleanChoiceFilter(method="filter_transferred", label=_("transferred"))
    filed_after = django_filters.DateFilter(
        field_name="filed_on", lookup_expr="gte", label=_("filed from"), widget=DateInput
    )
    filed_before = django_filters.DateFilter(
        field_name="filed_on", lookup_expr="lte", label=_("filed until"), widget=DateInput
    )
    decided_after = django_filters.DateFilter(
        field_name="decided_on", lookup_expr="gte", label=_("decided from"), widget=DateInput
    )
    decided_before = django_filters.DateFilter(
        field_name="decided_on", lookup_expr="lte", label=_("decided until"), widget=DateInput
    )
    closed_after = django_filters.DateFilter(
        field_name="closed_on", lookup_expr="gte", label=_("closed from"), widget=DateInput
    )
    closed_before = django_filters.DateFilter(
        field_name="closed_on", lookup_expr="lte", label=_("closed until"), widget=DateInput
    )
    fine_min = django_filters.NumberFilter(
        field_name="fine", lookup_expr="gte", label=_("fine from")
    )
    fine_max = django_filters.NumberFilter(
        field_name="fine", lookup_expr="lte", label=_("fine up to")
    )
    amount_min = django_filters.NumberFilter(
        method="filter_amount",
        label=_("any amount from (illegal gains, fine, confiscation, damages)"),
    )
    # Labelled by the model's own field names: django-filter's fallback is the English
    # parameter name ("Number", "Fine").
    sort = django_filters.OrderingFilter(
        fields=[(name, name) for name in SORTABLE],
        field_labels={name: Case._meta.get_field(name).verbose_name for name in SORTABLE},
        label=_("sort"),
    )

    class Meta:
        model = Case
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if select else "form-control form-control-sm"
            )

    def search(self, queryset, name, value):
        value = value.strip()
        # The respondent is encrypted at rest: found by its full name or ID number (blind index).
        index = blind_index(value)
        return queryset.filter(
            Q(number__icontains=value)
            | Q(respondent_name_index=index)
            | Q(respondent_id_number_index=index)
            | Q(right_holder__icontains=value)
            | Q(respondent_uscc__iexact=value)
        )

    def filter_id_number(self, queryset, name, value):
        return queryset.filter(respondent_id_number_index=blind_index(value))

    def filter_goods(self, queryset, name, value):
        value = value == "true"
        return queryset.exclude(goods_seized="") if value else queryset.filter(goods_seized="")

    def filter_transferred(self, queryset, name, value):
        value = value == "true"
        moved = Exists(Transfer.objects.filter(case=OuterRef("pk")))
        return queryset.filter(moved) if value else queryset.exclude(moved)

    def filter_amount(self, queryset, name, value):
        return queryset.filter(
            Q(illegal_gains__gte=value)
            | Q(fine__gte=value)
            | Q(confiscation__gte=value)
            | Q(damages__gte=value)
        )

    @property
    def qs(self):
        # A stable order whatever the sort, so pages and the export list the same rows.
        queryset = super().qs
        ordering = list(queryset.query.order_by) or ["-filed_on"]
        return queryset.order_by(*ordering, "-id")


def filtered_cases(user, params):
    """The cases this user may see, filtered as `params` (a QueryDict) asks; (filterset, qs)."""
    base = Case.objects.visible_to(user).select_related("bureau", "town", "campaign")
    filterset = CaseFilter(params or None, queryset=base)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, base.none()
    return filterset, filterset.qs
