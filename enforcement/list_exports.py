"""The case register's Excel export: the list page's filtered cases (filters.filtered_cases,
scoped by visible_to), in the columns of the import template (excel.COLUMNS) plus the handling
bureau, streamed by the exports app."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.registry import ListExport, as_query, checked, register_export
from exports.streaming import MONEY_FORMAT, ExportColumn, yes_no

from .excel import AMOUNTS, COLUMNS
from .filters import filtered_cases

VALUES = {
    "number": lambda c: c.number,
    "title": lambda c: c.title,
    "ip_type": lambda c: c.get_ip_type_display(),
    "proceeding": lambda c: c.get_proceeding_display(),
    "source": lambda c: c.get_source_display(),
    "status": lambda c: c.get_status_display(),
    "bureau": lambda c: c.bureau.name,
    "town": lambda c: c.town.name if c.town_id else "",
    "respondent_name": lambda c: c.respondent_name,
    "respondent_is_company": lambda c: yes_no(c.respondent_is_company),
    "respondent_uscc": lambda c: c.respondent_uscc,
    "right_holder": lambda c: c.right_holder,
    "filed_on": lambda c: c.filed_on,
    "decided_on": lambda c: c.decided_on,
    "closed_on": lambda c: c.closed_on,
    "illegal_gains": lambda c: c.illegal_gains,
    "fine": lambda c: c.fine,
    "confiscation": lambda c: c.confiscation,
    "damages": lambda c: c.damages,
    "punitive_damages": lambda c: yes_no(c.punitive_damages),
    "goods_seized": lambda c: c.goods_seized,
    "campaign": lambda c: c.campaign.name if c.campaign_id else "",
    "joint_enforcement": lambda c: yes_no(c.joint_enforcement),
    "credit_flag": lambda c: yes_no(c.credit_flag),
    "summary": lambda c: c.summary,
}


def cases_queryset(user, params: dict):
    """Exactly the list page's cases (its filters and sort), with their bureau, town and
    campaign joined: one query however many rows."""
    return checked(*filtered_cases(user, as_query(params)))


def _stamp() -> str:
    return f"{timezone.localdate():%Y%m%d}"


CASES = register_export(
    ListExport(
        key="cases",
        title=gettext_lazy("Cases"),
        columns=[
            ExportColumn(
                gettext_lazy(column.source),
                VALUES[column.key],
                column.width,
                MONEY_FORMAT if column.key in AMOUNTS else None,
            )
            for column in COLUMNS
        ],
        queryset=cases_queryset,
        filename=lambda params: _("Enforcement cases %(date)s") % {"date": _stamp()} + ".xlsx",
        fallback=lambda params: f"cases-{_stamp()}.xlsx",
    )
)
