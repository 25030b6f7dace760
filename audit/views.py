"""The auditor's page: the security-event log, filtered, and its Excel export."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role
from exports.downloads import as_download
from spreadsheets import xlsx

from . import chain, excel
from .forms import EventFilterForm
from .models import AuditEvent
from .selectors import audit_events

PAGE_SIZE = 100


def _filtered(request):
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events(**{k: v for k, v in filters.items() if v})
    return form, filters, events


def _refused(request, form):
    """The filter form with its errors and no events: a 400, as for any unreadable filter."""
    return render(request, "audit/events.html", {"form": form, "page": []}, status=400)


class EventListView(RoleRequiredMixin, View):
    roles = (Role.AUDITOR,)

    def get(self, request):
        form, _filters, events = _filtered(request)
        if form.errors:
            return _refused(request, form)
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        verify = query.pop("verify", None) is not None
        context = {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            # On request: the walk costs about 0.1 ms an event, seconds for half a year's log.
            "verified": verify,
            "broken": chain.verify() if verify else None,
        }
        return render(request, "audit/events.html", context)


class EventExportView(RoleRequiredMixin, View):
    roles = (Role.AUDITOR,)

    def get(self, request):
        form, filters, events = _filtered(request)
        if form.errors:
            return _refused(request, form)  # never the whole log for a filter it cannot read
        content = excel.events_workbook(events)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        # Exporting the audit log is itself an export event.
        return as_download(
            HttpResponse(content, content_type=xlsx.XLSX_TYPE),
            request,
            filename=f"audit-{stamp}.xlsx",
            fallback=f"audit-{stamp}.xlsx",
            detail={
                "what": AuditEvent._meta.label_lower,
                "filters": {k: str(v) for k, v in filters.items() if v},
            },
        )
