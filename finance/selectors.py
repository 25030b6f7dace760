"""Reads of the finance registers: scoped lists (page, export and API share them), an enterprise's
cases, and the office's finance overview. Each answers with a fixed number of queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace

from django import forms
from django.apps import apps
from django.db.models import Count, Q

from ipcity.money import MoneySum

from .filters import EnterpriseFilter, InsuranceFilter, LoanFilter
from .models import (
    BudgetLine,
    Enterprise,
    InsurancePolicy,
    InterestSubsidy,
    PledgeLoan,
    Purpose,
    outstanding_q,
)


def _styled(filterset):
    """Bootstrap classes on the filter widgets; the keeper filter only for those who see all."""
    for name, form_field in filterset.form.fields.items():
        widget = form_field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", f"{css} {css}-sm")
        if name == "q":
            widget.input_type = "search"
    return filterset


def _filtered(filter_class, queryset, user, params):
    # The request is only asked for its user (the enterprises a menu may offer).
    filterset = filter_class(params or None, queryset=queryset, request=SimpleNamespace(user=user))
    if not user.sees_all_bureaus:
        filterset.form.fields.pop("bureau", None)
        filterset.filters.pop("bureau", None)
    # An invalid filter value (a tampered URL) filters nothing rather than failing.
    rows = queryset.none() if filterset.is_bound and not filterset.is_valid() else filterset.qs
    return _styled(filterset), rows


def enterprises_for(user):
    return Enterprise.objects.visible_to(user).select_related("town", "cluster", "bureau")


def loans_for(user):
    return PledgeLoan.objects.visible_to(user).select_related("enterprise", "bureau")


def insurance_for(user):
    return InsurancePolicy.objects.visible_to(user).select_related("enterprise", "bureau")


def subsidies_for(user):
    return InterestSubsidy.objects.visible_to(user).select_related(
        "loan__enterprise", "loan__bureau", "policy"
    )


def filtered_enterprises(user, params):
    return _filtered(EnterpriseFilter, enterprises_for(user), user, params)


def filtered_loans(user, params):
    return _filtered(LoanFilter, loans_for(user), user, params)


def filtered_insurance(user, params):
    return _filtered(InsuranceFilter, insurance_for(user), user, params)


def cases_of(enterprise: Enterprise, user) -> list | None:
    """The enforcement cases naming the enterprise as respondent (by its code), as the user may
    see them; None when the enforcement register does not exist or links no enterprises."""
    try:
        case_model = apps.get_model("enforcement", "Case")
    except LookupError:
        return None
    field_names = {f.name for f in case_model._meta.get_fields()}
    if "respondent_uscc" not in field_names or not hasattr(case_model.objects, "visible_to"):
        return None
    return list(
        case_model.objects.visible_to(user)
        .filter(respondent_uscc=enterprise.uscc)
        .select_related("bureau")
        .order_by("-pk")[:50]
    )


# ---------------------------------------------------------------------------------------------
# The office's finance overview


def quarter_ends(year: int) -> list[datetime.date]:
    return [
        datetime.date(year, 3, 31),
        datetime.date(year, 6, 30),
        datetime.date(year, 9, 30),
        datetime.date(year, 12, 31),
    ]


@dataclass
class BankRow:
    lender: str
    granted: list[Decimal]
    outstanding: list[Decimal]

    @property
    def granted_total(self) -> Decimal:
        return sum(self.granted, Decimal(0))

    @property
    def pairs(self) -> list[tuple[Decimal, Decimal]]:
        return list(zip(self.granted, self.outstanding, strict=True))


@dataclass
class BudgetRow:
    line: BudgetLine
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.line.allocated - self.spent

    @property
    def percent(self) -> Decimal | None:
        if not self.line.allocated:
            return None
        return (Decimal(100) * self.spent / self.line.allocated).quantize(Decimal("0.1"))

    @property
    def over(self) -> bool:
        return self.spent > self.line.allocated


@dataclass
class Overview:
    year: int
    quarters: list[str]
    banks: list[BankRow]
    granted: list[Decimal]
    outstanding: list[Decimal]
    loans_granted: int
    enterprises_financed: int
    subsidy_applied: Decimal
    subsidy_approved: Decimal
    subsidy_paid: Decimal
    subsidy_budget: Decimal
    subsidy_budget_spent: Decimal
    budget: list[BudgetRow] = field(default_factory=list)

    @property
    def granted_total(self) -> Decimal:
        return sum(self.granted, Decimal(0))

    @property
    def pairs(self) -> list[tuple[Decimal, Decimal]]:
        return list(zip(self.granted, self.outstanding, strict=True))

    def chart_data(self) -> dict:
        """What static/js/finance.js draws, as plain JSON (numbers as floats only for drawing)."""
        return {
            "quarters": self.quarters,
            "banks": [
                {
                    "lender": b.lender,
                    "granted": [float(v) for v in b.granted],
                    "outstanding": [float(v) for v in b.outstanding],
                }
                for b in self.banks
            ],
            "budget": [
                {
                    "label": f"{row.line.get_purpose_display()} · {row.line.title}",
                    "allocated": float(row.line.allocated),
                    "spent": float(row.spent),
                }
                for row in self.budget
            ],
        }


def finance_overview(user, year: int, *, as_of: datetime.date | None = None) -> Overview:
    """Financing by quarter and bank, subsidies and the budget, in 4 queries. With `as_of`,
    nothing dated after it counts: a quarter's balance is that of its end or of `as_of`,
    whichever is earlier (R8.1)."""
    ends = quarter_ends(year)
    if as_of is not None:
        ends = [min(end, as_of) for end in ends]
    last = ends[-1]
    starts = [datetime.date(year, m, 1) for m in (1, 4, 7, 10)]
    loans = PledgeLoan.objects.visible_to(user)
    granted_in_year = Q(start_date__year=year, start_date__lte=last)
    expressions = {}
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        expressions[f"g{i}"] = MoneySum(
            "amount", filter=Q(start_date__gte=start, start_date__lte=end)
        )
        expressions[f"o{i}"] = MoneySum("amount", filter=outstanding_q(end))
    rows = (
        loans.filter(granted_in_year | outstanding_q(ends[0]) | outstanding_q(last))
        .values("lender")
        .annotate(**expressions, n=Count("pk", filter=granted_in_year))
        .order_by("lender")
    )
    banks, loans_granted = [], 0
    for row in rows:
        granted = [row[f"g{i}"] for i in range(4)]
        outstanding = [row[f"o{i}"] for i in range(4)]
        loans_granted += row["n"]
        if any(granted) or any(outstanding):
            banks.append(BankRow(row["lender"], granted, outstanding))
    banks.sort(key=lambda b: (-b.outstanding[-1], -b.granted_total, b.lender))
    enterprises_financed = loans.filter(granted_in_year).values("enterprise_id").distinct().count()
    subsidies = InterestSubsidy.objects.visible_to(user).aggregate(
        applied=MoneySum("applied_amount", filter=Q(applied_on__year=year, applied_on__lte=last)),
        approved=MoneySum(
            "approved_amount", filter=Q(approved_on__year=year, approved_on__lte=last)
        ),
        paid=MoneySum("paid_amount", filter=Q(paid_on__year=year, paid_on__lte=last)),
    )
    lines = (
        BudgetLine.objects.visible_to(user)
        .filter(year=year)
        .annotate(spent=MoneySum("spending__amount"))
        .select_related("bureau")
        .order_by("purpose", "id")
    )
    budget = [BudgetRow(line, line.spent) for line in lines]
    utilisation = [row for row in budget if row.line.purpose == Purpose.UTILISATION]
    return Overview(
        year=year,
        quarters=[f"{year}Q{q}" for q in (1, 2, 3, 4)],
        banks=banks,
        granted=[sum((b.granted[i] for b in banks), Decimal(0)) for i in range(4)],
        outstanding=[sum((b.outstanding[i] for b in banks), Decimal(0)) for i in range(4)],
        loans_granted=loans_granted,
        enterprises_financed=enterprises_financed,
        subsidy_applied=subsidies["applied"],
        subsidy_approved=subsidies["approved"],
        subsidy_paid=subsidies["paid"],
        subsidy_budget=sum((r.line.allocated for r in utilisation), Decimal(0)),
        subsidy_budget_spent=sum((r.spent for r in utilisation), Decimal(0)),
        budget=budget,
    )


def budget_lines(user, year: int):
    """The year's budget lines the user may see, with what each has spent (1 query)."""
    lines = (
        BudgetLine.objects.visible_to(user)
        .filter(year=year)
        .annotate(spent=MoneySum("spending__amount"))
        .select_related("bureau", "overspend_noted_by")
        .order_by("purpose", "id")
    )
    return [BudgetRow(line, line.spent) for line in lines]
