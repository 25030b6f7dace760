"""The list exports: every filtered list a user can export to Excel, declared once.

A register declares its export in its own `list_exports.py` (found at start-up by
exports.apps), reusing its list page's filterset or selector, so the file holds exactly the
filtered list the user sees, scoped by `visible_to(user)`:

    register_export(ListExport(
        key="cases", title=gettext_lazy("Cases"),
        columns=[ExportColumn(gettext_lazy("Number"), lambda c: c.number)],
        queryset=lambda user, params: checked(*filtered_cases(user, as_query(params))),
        filename=lambda params: _("Cases") + ".xlsx", fallback=lambda params: "cases.xlsx"))

`params` is a plain dict of the list page's query parameters: what the view reads from the URL
and what an ExportJob stores, so a background job re-applies the same filters under its
requester's scope. An export may name `fields` for `values_list`: its columns then read plain
tuples, not model instances (≈ 3× cheaper to read for a wide table such as the cases'). Small
exports stream straight to the browser; above EXPORT_SYNC_ROWS rows they run as a Celery job
(exports.tasks.run_export) with a progress page (exports/views.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from .streaming import ExportColumn


class ExportParamsError(ValidationError):
    """The export's filters cannot be read (a tampered or stale URL): the user is told which."""


@dataclass(frozen=True)
class ListExport:
    key: str
    title: Any  # lazy translation: the sheet's name and the job page's heading
    columns: list[ExportColumn]
    queryset: Callable[[Any, dict], QuerySet]  # (user, params) -> rows; ExportParamsError if bad
    filename: Callable[[dict], str]  # params -> the download's (Chinese) name
    fallback: Callable[[dict], str]  # params -> an ASCII name for old clients
    chunk_size: int = 2000
    fields: tuple[str, ...] = ()  # values_list paths, when the columns read tuples

    def rows(self, user, params: dict):
        """The rows, read from the database in chunks (never all in memory)."""
        return self.read(self.queryset(user, params))

    def read(self, queryset: QuerySet):
        """The queryset's rows as the columns read them, in chunks (never all in memory)."""
        if self.fields:
            queryset = queryset.values_list(*self.fields)
        return queryset.iterator(chunk_size=self.chunk_size)


EXPORTS: dict[str, ListExport] = {}


def register_export(export: ListExport) -> ListExport:
    EXPORTS[export.key] = export
    return export


def get_export(key: str) -> ListExport:
    try:
        return EXPORTS[key]
    except KeyError:
        raise Http404("unknown export") from None


def as_query(params: dict) -> QueryDict:
    """The stored params as the QueryDict a list page's filterset reads."""
    query = QueryDict(mutable=True)
    for key, value in params.items():
        query[key] = value
    return query


def checked(filterset, queryset: QuerySet) -> QuerySet:
    """A list page's (filterset, rows): the rows, or ExportParamsError naming each bad filter.

    The list pages show an invalid filter as an empty list with the form's errors; an export
    refuses instead, so nobody downloads an empty file believing it complete."""
    if filterset.is_bound and not filterset.is_valid():
        raise ExportParamsError(
            [
                _("%(filter)s: %(message)s")
                % {"filter": _label(filterset, name), "message": message}
                for name, messages in filterset.errors.items()
                for message in messages
            ]
        )
    return queryset


def _label(filterset, name: str) -> str:
    field = filterset.form.fields.get(name)
    return str(field.label) if field is not None and field.label else name
