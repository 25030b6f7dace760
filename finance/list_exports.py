"""The finance registers' Excel exports (enterprises, pledge loans, insurance): each list page's
filtered rows (selectors.filtered_*, scoped by visible_to, related rows joined: one query),
streamed by the exports app. Amounts in yuan, rates in percent, dates as dates."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from exports.registry import ListExport, as_query, checked, register_export
from exports.streaming import MONEY_FORMAT, RATE_FORMAT, YES_NO, ExportColumn

from . import selectors
from .models import InsuranceKind, IPStatus, Level, LoanStatus


def _from_selector(selector):
    """The export's queryset: the list page's selector, refusing filters it cannot read."""

    def queryset(user, params: dict):
        return checked(*selector(user, as_query(params)))

    return queryset


def _names(title, fallback: str) -> dict:
    """The download's name, dated like the other register exports."""

    def filename(params: dict) -> str:
        return f"{title} {timezone.localdate():%Y%m%d}.xlsx"

    return {
        "filename": filename,
        "fallback": lambda params: f"{fallback}-{timezone.localdate():%Y%m%d}.xlsx",
    }


ENTERPRISES = register_export(
    ListExport(
        key="enterprises",
        title=gettext_lazy("Enterprises"),
        columns=[
            ExportColumn(gettext_lazy("Enterprise"), lambda e: e.name, 30),
            ExportColumn(gettext_lazy("Unified social credit code"), lambda e: e.uscc, 22),
            ExportColumn(
                gettext_lazy("Town / sub-district"), lambda e: e.town.name if e.town else "", 12
            ),
            ExportColumn(
                gettext_lazy("Industry cluster"), lambda e: e.cluster.name if e.cluster else "", 24
            ),
            ExportColumn(gettext_lazy("High-tech"), lambda e: e.is_high_tech, 8, choices=YES_NO),
            ExportColumn(
                gettext_lazy("Above designated size"), lambda e: e.is_above_size, 8, choices=YES_NO
            ),
            ExportColumn(gettext_lazy("Listed"), lambda e: e.is_listed, 8, choices=YES_NO),
            ExportColumn(gettext_lazy("Certified on"), lambda e: e.standard_certified_on, 12),
            ExportColumn(gettext_lazy("Valid until"), lambda e: e.standard_valid_until, 12),
            ExportColumn(
                gettext_lazy("Demonstration / advantage"),
                lambda e: e.ip_status,
                16,
                choices=IPStatus.choices,
            ),
            ExportColumn(
                gettext_lazy("Level"),
                lambda e: e.ip_status_level,
                8,
                choices=Level.choices,
            ),
            ExportColumn(gettext_lazy("Year"), lambda e: e.ip_status_year, 8),
            ExportColumn(gettext_lazy("Kept by"), lambda e: e.bureau.name, 16),
        ],
        queryset=_from_selector(selectors.filtered_enterprises),
        **_names(gettext_lazy("Enterprises"), "enterprises"),
    )
)

LOANS = register_export(
    ListExport(
        key="loans",
        title=gettext_lazy("Pledge loans"),
        columns=[
            ExportColumn(gettext_lazy("Enterprise"), lambda loan: loan.enterprise.name, 30),
            ExportColumn(
                gettext_lazy("Unified social credit code"), lambda loan: loan.enterprise.uscc, 22
            ),
            ExportColumn(gettext_lazy("Lender bank"), lambda loan: loan.lender, 20),
            ExportColumn(gettext_lazy("Amount (yuan)"), lambda loan: loan.amount, 16, MONEY_FORMAT),
            ExportColumn(gettext_lazy("Annual rate (%)"), lambda loan: loan.rate, 10, RATE_FORMAT),
            ExportColumn(gettext_lazy("Start date"), lambda loan: loan.start_date, 12),
            ExportColumn(gettext_lazy("Maturity date"), lambda loan: loan.maturity_date, 12),
            ExportColumn(
                gettext_lazy("Status"), lambda loan: loan.status, 10, choices=LoanStatus.choices
            ),
            ExportColumn(gettext_lazy("Repaid or written off on"), lambda loan: loan.closed_on, 12),
            ExportColumn(
                gettext_lazy("Pledge registration number"),
                lambda loan: loan.registration_number,
                20,
            ),
            ExportColumn(
                gettext_lazy("Pledged patents"), lambda loan: "、".join(loan.patent_list), 24
            ),
            ExportColumn(
                gettext_lazy("Pledged trademarks"), lambda loan: "、".join(loan.trademark_list), 16
            ),
            ExportColumn(
                gettext_lazy("Risk-sharing share (%)"),
                lambda loan: loan.risk_share,
                10,
                RATE_FORMAT,
            ),
            ExportColumn(gettext_lazy("Kept by"), lambda loan: loan.bureau.name, 16),
        ],
        queryset=_from_selector(selectors.filtered_loans),
        **_names(gettext_lazy("Pledge loans"), "pledge-loans"),
    )
)

INSURANCE = register_export(
    ListExport(
        key="insurance",
        title=gettext_lazy("IP insurance"),
        columns=[
            ExportColumn(gettext_lazy("Insured enterprise"), lambda p: p.enterprise.name, 30),
            ExportColumn(
                gettext_lazy("Unified social credit code"), lambda p: p.enterprise.uscc, 22
            ),
            ExportColumn(gettext_lazy("Type"), lambda p: p.kind, 16, choices=InsuranceKind.choices),
            ExportColumn(gettext_lazy("Insurer"), lambda p: p.insurer, 20),
            ExportColumn(gettext_lazy("Policy number"), lambda p: p.policy_number, 18),
            ExportColumn(gettext_lazy("Premium (yuan)"), lambda p: p.premium, 14, MONEY_FORMAT),
            ExportColumn(gettext_lazy("Coverage (yuan)"), lambda p: p.coverage, 16, MONEY_FORMAT),
            ExportColumn(gettext_lazy("Starts on"), lambda p: p.starts_on, 12),
            ExportColumn(gettext_lazy("Ends on"), lambda p: p.ends_on, 12),
            ExportColumn(gettext_lazy("Kept by"), lambda p: p.bureau.name, 16),
        ],
        queryset=_from_selector(selectors.filtered_insurance),
        **_names(gettext_lazy("IP insurance"), "ip-insurance"),
    )
)
