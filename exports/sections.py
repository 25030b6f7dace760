"""Report sections contributed through functions the registers already expose.

A register app may instead ship its own `report_sections.py` (autodiscovered in apps.py); the
finance register, the annual assessment's ranking and the circulars add theirs that way.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ipcity.money import WAN_YUAN, amount_text
from reports.assembly import Column, ReportScope, Section, register_section


@dataclass(frozen=True)
class ProgrammeReader:
    """Who a report reads as: it covers every bureau, as the office and leaders see it (the
    registers' selectors take a user to scope by)."""

    is_authenticated: bool = True
    sees_all_bureaus: bool = True
    bureau_id: None = None


@register_section("enforcement", order=50)
def enforcement_summary(scope: ReportScope) -> Section:
    """The case register from 1 January to the report's as-of day, through the statistics
    page's selector: each count by its own date (R8.1, R8.3)."""
    from enforcement.models import Case
    from enforcement.selectors import case_statistics

    stats = case_statistics(Case.objects.all(), year=scope.year, as_of=scope.as_of)
    rows = [
        [_("Cases filed"), stats.total, None],
        [_("Cases decided"), stats.decided, None],
        [_("Cases closed"), stats.closed, None],
        [_("Fines"), None, stats.amounts["fine"]],
        [_("Illegal gains"), None, stats.amounts["illegal_gains"]],
        [_("Confiscation"), None, stats.amounts["confiscation"]],
        [_("Damages"), None, stats.amounts["damages"]],
        [_("Transfers between agencies"), stats.transfers_total, None],
    ]
    rows += [[str(label), n, None] for label, n in stats.by_ip_type if n]
    return Section(
        "enforcement",
        _("Enforcement"),
        [
            Column(_("Item"), "text", 30),
            Column(_("Cases"), "int"),
            Column(_("Amount (yuan)"), "yuan", 18),
        ],
        rows,
        note=_(
            "From %(start)s to %(end)s: cases filed by the filing date, decisions and amounts "
            "by the date of the decision, closed cases by the date of the closing step."
        )
        % {"start": f"{scope.year}-01-01", "end": scope.as_of.isoformat()},
    )


@register_section("financing", order=60)
def financing_summary(scope: ReportScope) -> Section:
    """Pledge financing by lender, through the finance page's selector: granted in the year up
    to the report's as-of day, and outstanding on it (R8.1)."""
    from finance.selectors import finance_overview

    overview = finance_overview(ProgrammeReader(), scope.year, as_of=scope.as_of)
    last = 3 if scope.annual else scope.quarter - 1
    rows = [
        [bank.lender, sum(bank.granted[: last + 1], Decimal(0)), bank.outstanding[last]]
        for bank in overview.banks
    ]
    rows.append(
        [
            _("All lenders"),
            sum(overview.granted[: last + 1], Decimal(0)),
            overview.outstanding[last],
        ]
    )
    return Section(
        "financing",
        _("IP pledge financing"),
        [
            Column(_("Lender"), "text", 28),
            Column(_("Granted this year (10,000 yuan)"), "wan_yuan", 18),
            Column(_("Outstanding at the end of the period (10,000 yuan)"), "wan_yuan", 18),
        ],
        rows,
        note=_(
            "%(loans)s loans to %(enterprises)s enterprises in %(year)s; interest subsidies paid: "
            "%(paid)s (10,000 yuan)."
        )
        % {
            "loans": overview.loans_granted,
            "enterprises": overview.enterprises_financed,
            "year": scope.year,
            "paid": amount_text(overview.subsidy_paid, WAN_YUAN),  # the table's unit (R9.2)
        },
    )


@register_section("assessment", order=70)
def assessment_ranking(scope: ReportScope) -> Section | None:
    """The annual report only: every member bureau's assessment score and rank, as the
    assessment page computes it (reports.assessment.assess)."""
    if not scope.annual:
        return None
    from reports.assessment import NOT_RANKED, assess

    assessment = assess(scope.year, as_of=scope.as_of)
    columns = [Column(_("Category"), "text", 10), Column(_("Rank"), "text", 8)]
    columns += [Column(_("Bureau"), "text", 24)]
    columns += [Column(str(c.name), "number", 10) for c in assessment.criteria]
    columns += [Column(_("Adjustments"), "number", 10), Column(_("Total"), "number", 10)]
    rows = [
        [line.category_name, line.rank or str(NOT_RANKED), line.bureau.name]
        + [score.points for score in line.scores]
        + [line.adjustment_total, line.total]
        for line in assessment.lines
    ]
    return Section(
        "assessment",
        _("Assessment ranking"),
        columns,
        rows,
        note=_("Scored out of %(max)s points as of %(as_of)s.")
        % {"max": assessment.max_points, "as_of": assessment.as_of.isoformat()},
    )


@register_section("supervision", order=80)
def open_problems(scope: ReportScope) -> Section:
    """Problems under supervision (督办) open on the report's as-of day, with their status and
    days overdue on that day (R8.5), most urgent first."""
    from tasks_registry.models import OVERDUE, OVERDUE_LABEL, SupervisionStatus
    from tasks_registry.supervision_selectors import open_on, state_on

    labels = dict(SupervisionStatus.choices) | {OVERDUE: OVERDUE_LABEL}
    rows = [
        [
            item.title,
            str(item.get_source_display()),
            item.lead_bureau.name,
            item.deadline,
            str(labels[state_on(item, scope.as_of)]),
            max(0, -item.remaining_days(scope.as_of)),
        ]
        for item in open_on(scope.as_of)
    ]
    return Section(
        "supervision",
        _("Open problems and rectifications"),
        [
            Column(_("Problem"), "text", 36),
            Column(_("Source"), "text", 12),
            Column(_("Lead bureau"), "text", 20),
            Column(_("Deadline"), "date", 12),
            Column(_("Status"), "text", 10),
            Column(_("Days overdue"), "int", 8),
        ],
        rows,
        note=_("Items not yet done on %(today)s.") % {"today": scope.as_of.isoformat()},
    )
