"""Pages of the activities register: the filtered list and its Excel export, the form, a record."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from openpyxl import Workbook

from bureaus.access import RoleRequiredMixin
from bureaus.models import Bureau, Role
from spreadsheets import xlsx
from workflow.excel_views import attachment_header
from workflow.services import WorkflowError

from . import activities
from .forms import ActivityForm
from .models import Activity, ActivityKind

WRITERS = (Role.STAFF, Role.OFFICE)

COLUMNS = [
    xlsx.Column("date", "Date", 12),
    xlsx.Column("kind", "Kind", 14),
    xlsx.Column("title", "Title", 40),
    xlsx.Column("bureau", "Organising bureau", 20),
    xlsx.Column("task", "Key task", 30),
    xlsx.Column("audience", "Audience", 12),
    xlsx.Column("person_times", "Attendance (person-times)", 12),
    xlsx.Column("place", "Place", 20),
    xlsx.Column("summary", "Summary", 40),
]


def _filters(request) -> dict:
    get = request.GET
    year = get.get("year", "")
    bureau = get.get("bureau", "")
    kind = get.get("kind", "")
    return {
        "year": int(year) if year.isdigit() else timezone.localdate().year,
        "kind": kind if kind in ActivityKind.values else "",
        "bureau_id": int(bureau) if bureau.isdigit() and request.user.sees_all_bureaus else None,
    }


class ActivityListView(RoleRequiredMixin, TemplateView):
    template_name = "tasks_registry/activity_list.html"

    def get_context_data(self, **kwargs):
        filters = _filters(self.request)
        rows = activities.activities_for(self.request.user, **filters)
        this_year = timezone.localdate().year
        return super().get_context_data(
            activities=rows,
            totals=activities.year_totals(
                activities.activities_for(self.request.user, **filters).order_by()
            ),
            filters=filters,
            years=range(this_year, 2023, -1),
            kinds=ActivityKind.choices,
            bureaus=Bureau.objects.members() if self.request.user.sees_all_bureaus else [],
            can_add=self.request.user.role in WRITERS,
            query=self.request.GET.urlencode(),
            **kwargs,
        )


class ActivityExportView(RoleRequiredMixin, View):
    """The list as filtered, as an .xlsx (text cells never run as formulas)."""

    def get(self, request):
        filters = _filters(request)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(filters["year"])
        widths = xlsx.write_header(sheet, COLUMNS)
        for row_number, activity in enumerate(
            activities.activities_for(request.user, **filters), start=2
        ):
            values = {
                "date": f"{activity.date:%Y-%m-%d}",
                "kind": activity.get_kind_display(),
                "title": activity.title,
                "bureau": activity.bureau.name,
                "task": str(activity.task) if activity.task else "",
                "audience": activity.get_audience_display(),
                "person_times": activity.person_times,
                "place": activity.place,
                "summary": activity.summary,
            }
            for index, column in enumerate(COLUMNS, start=1):
                cell = sheet.cell(row=row_number, column=index)
                value = values[column.key]
                if isinstance(value, int):
                    cell.value = value
                else:
                    xlsx.write_text(cell, value)
                widths[column.key] = max(widths[column.key], xlsx.display_width(str(value)) + 2)
        xlsx.set_widths(sheet, COLUMNS, widths)
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(), content_type=xlsx.XLSX_TYPE)
        filename = _("Activities %(year)s.xlsx") % {"year": filters["year"]}
        response["Content-Disposition"] = attachment_header(
            filename, f"activities-{filters['year']}.xlsx"
        )
        return response


class ActivityDetailView(RoleRequiredMixin, View):
    template_name = "tasks_registry/activity_detail.html"

    def get(self, request, pk):
        activity = get_object_or_404(
            Activity.objects.visible_to(request.user).select_related("bureau", "task"), pk=pk
        )
        return render(
            request,
            self.template_name,
            {
                "activity": activity,
                "evidence": activity.evidence.all(),
                "can_edit": activities.may_edit(request.user, activity),
            },
        )


class ActivityFormView(RoleRequiredMixin, View):
    """New activity, or an existing one edited by its bureau (or the office)."""

    roles = WRITERS
    template_name = "tasks_registry/activity_form.html"

    def load(self, request, pk=None) -> Activity:
        if pk is None:
            return Activity(bureau=request.user.bureau if request.user.role == Role.STAFF else None)
        activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
        if not activities.may_edit(request.user, activity):
            raise PermissionDenied
        return activity

    def render_form(self, form, activity, status=200):
        context = {"form": form, "activity": activity}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk=None):
        activity = self.load(request, pk)
        return self.render_form(ActivityForm(instance=activity, user=request.user), activity)

    def post(self, request, pk=None):
        activity = self.load(request, pk)
        if request.POST.get("action") == "delete" and activity.pk:
            activities.activity_delete(activity=activity, user=request.user)
            messages.success(request, _("Activity deleted."))
            return redirect("tasks_registry:activity-list")
        form = ActivityForm(request.POST, request.FILES, instance=activity, user=request.user)
        if not form.is_valid():
            return self.render_form(form, activity, status=400)
        data = {k: v for k, v in form.cleaned_data.items() if k != "evidence"}
        try:
            activities.activity_save(
                activity=activity,
                user=request.user,
                data=data,
                uploads=form.cleaned_data["evidence"],
            )
        except WorkflowError as error:
            if error.code == "forbidden":
                raise PermissionDenied from error
            form.add_error(None, error.message)
            return self.render_form(form, activity, status=400)
        messages.success(request, _("Activity saved."))
        return redirect(activity.get_absolute_url())
