"""Cases by Excel: download the template, upload it, preview every row, confirm.

As for quarterly figures (workflow/excel_views.py), the uploaded bytes wait in the user's session
between the preview and the confirmation, and the confirmation checks the file again from
scratch: if anything changed since the preview (a number taken meanwhile), it shows a fresh preview
instead of saving. Rows are registered all together or not at all.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role
from exports.downloads import as_download
from spreadsheets import xlsx
from workflow.excel import decode, encode
from workflow.services import WorkflowError

from . import excel
from .forms import UploadForm

SESSION_KEY = "cases_import"
STAFF = (Role.STAFF,)

EXPIRED = gettext_lazy(
    "The uploaded file is no longer waiting for confirmation (it was replaced by another upload "
    "or your session ended). Nothing was saved: please upload it again."
)
CHANGED = gettext_lazy(
    "The cases changed since the preview. Nothing was saved: please check the new preview and "
    "confirm again."
)
CONFLICT = gettext_lazy(
    "Someone registered the same case number at the same moment. Nothing was saved."
)


class CasesTemplateView(RoleRequiredMixin, View):
    roles = STAFF

    def get(self, request):
        bureau = request.user.bureau
        content = excel.cases_template(bureau)
        response = HttpResponse(content, content_type=xlsx.XLSX_TYPE)
        name = _("Cases template %(bureau)s") % {"bureau": bureau.name} + ".xlsx"
        return as_download(response, request, filename=name, fallback=f"cases-{bureau.code}.xlsx")


class CasesImportView(RoleRequiredMixin, View):
    """GET: the upload form. POST step=preview: check and show. POST step=confirm: register."""

    roles = STAFF
    template_name = "enforcement/import.html"
    preview_template = "enforcement/import_preview.html"

    def get(self, request):
        return render(request, self.template_name, {"form": UploadForm()})

    def post(self, request):
        step = request.POST.get("step")
        if step == "confirm":
            return self.confirm(request)
        if step == "cancel":
            request.session.pop(SESSION_KEY, None)
            messages.info(request, _("Import cancelled: nothing was saved."))
            return redirect("enforcement:case-import")
        return self.preview(request)

    def preview(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        upload = form.cleaned_data["file"]
        try:
            data = xlsx.check_upload(upload)
            plan = excel.parse_cases_upload(data, upload.name, request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return render(request, self.template_name, {"form": form}, status=400)
        request.session[SESSION_KEY] = {
            "name": upload.name[:200],
            "digest": excel.digest(data),
            "data": encode(data),
        }
        return self._preview(request, plan, upload.name)

    def confirm(self, request):
        pending = request.session.get(SESSION_KEY)
        if not pending or pending["digest"] != request.POST.get("digest"):
            messages.error(request, EXPIRED)
            return redirect("enforcement:case-import")
        data = decode(pending["data"])
        try:
            plan = excel.parse_cases_upload(data, pending["name"], request.user)
        except ValidationError as error:
            request.session.pop(SESSION_KEY, None)
            for message in error.messages:
                messages.error(request, message)
            return redirect("enforcement:case-import")
        if plan.errors or plan.fingerprint() != request.POST.get("fingerprint"):
            if not plan.errors:
                messages.warning(request, CHANGED)
            return self._preview(request, plan, pending["name"], status=409)
        try:
            saved = excel.apply_plan(plan, request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
            return self._preview(request, plan, pending["name"], status=409)
        except IntegrityError:
            messages.error(request, CONFLICT)
            return self._preview(request, plan, pending["name"], status=409)
        request.session.pop(SESSION_KEY, None)
        messages.success(
            request,
            _("%(count)s cases from “%(name)s” were registered.")
            % {"count": len(saved), "name": pending["name"]},
        )
        return redirect("enforcement:case-list")

    def _preview(self, request, plan, name, status=200):
        pending = request.session.get(SESSION_KEY, {})
        context = {
            "plan": plan,
            "name": name,
            "digest": pending.get("digest", ""),
            "fingerprint": plan.fingerprint(),
            "can_confirm": not plan.errors and bool(plan.rows),
        }
        return render(request, self.preview_template, context, status=status)
