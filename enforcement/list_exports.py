"""The case register's Excel export: the list page's filtered cases (filters.filtered_cases,
scoped by visible_to), in the columns of the import template (excel.COLUMNS) plus the handling
bureau, streamed by the exports app as plain tuples (values_list), not model instances."""

from operator import itemgetter

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exports.registry import ListExport, as_query, checked, register_export
from exports.streaming import MONEY_FORMAT, YES_NO, ExportColumn

from .excel import AMOUNTS, COLUMNS
from .filters import filtered_cases
from .models import Case

# Each column's values_list path and choices (translated once per export, not per row).
CHOICES = {
    name: Case._meta.get_field(name).choices
    for name in ("ip_type", "proceeding", "source", "status")
}
YES_NO_COLUMNS = ("respondent_is_company", "punitive_damages", "joint_enforcement", "credit_flag")
FIELDS = {
    "bureau": "bureau__name",
    "town": "town__name",
    "campaign": "campaign__name",
}


def _column(index: int, column) -> ExportColumn:
    return ExportColumn(
        gettext_lazy(column.source),
        itemgetter(index),
        column.width,
        MONEY_FORMAT if column.key in AMOUNTS else None,
        YES_NO if column.key in YES_NO_COLUMNS else CHOICES.get(column.key),
    )


def cases_queryset(user, params: dict):
    """Exactly the list page's cases (its filters and sort); the export reads them with
    values_list (bureau, town and campaign names joined): one query however many rows."""
    return checked(*filtered_cases(user, as_query(params)))


def _stamp() -> str:
    return f"{timezone.localdate():%Y%m%d}"


CASES = register_export(
    ListExport(
        key="cases",
        title=gettext_lazy("Cases"),
        columns=[_column(index, column) for index, column in enumerate(COLUMNS)],
        queryset=cases_queryset,
        fields=tuple(FIELDS.get(column.key, column.key) for column in COLUMNS),
        filename=lambda params: _("Enforcement cases %(date)s") % {"date": _stamp()} + ".xlsx",
        fallback=lambda params: f"cases-{_stamp()}.xlsx",
    )
)
