"""Figures by Excel: download a period's template, upload it, preview the changes, confirm.

Between the preview and the confirmation the uploaded bytes wait in the user's session (the
database session store, private to the user, gone at logout or expiry; a template is a few kB and
uploads are capped at 2 MB). Nothing is written to disk or to a shared place, and the user is not
asked to upload twice. The confirmation re-checks the stored file from scratch: if the figures
changed since the preview, it shows a fresh preview instead of saving.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role
from exports.downloads import as_download
from spreadsheets import xlsx
from targets.periods import ensure_period_from_code, period_from_code

from . import excel
from .services import WorkflowError

SESSION_KEY = "figures_import"
ROLES = (Role.STAFF, Role.OFFICE)

EXPIRED = gettext_lazy(
    "The uploaded file is no longer waiting for confirmation (it was replaced by another upload "
    "or your session ended). Nothing was saved: please upload it again."
)
CHANGED = gettext_lazy(
    "The figures changed since the preview (someone saved in the meantime). Nothing was saved: "
    "please check the new preview and confirm again."
)
CONFLICT = gettext_lazy("Someone else saved the same figure at the same moment. Nothing was saved.")


def _bureau_for(user):
    """The office's template covers every bureau; staff get their own bureau's rows only."""
    if user.role == Role.OFFICE:
        return None
    if user.bureau_id is None:
        raise Http404
    return user.bureau


class FiguresTemplateView(RoleRequiredMixin, View):
    roles = ROLES

    def get(self, request, period):
        period = period_from_code(period)
        bureau = _bureau_for(request.user)
        content = excel.figures_template(period, bureau)
        who = bureau.name if bureau else _("all bureaus")
        filename = _("Figures %(period)s %(who)s") % {"period": period, "who": who} + ".xlsx"
        fallback = f"figures-{period}-{bureau.code if bureau else 'all'}.xlsx"
        response = HttpResponse(content, content_type=xlsx.XLSX_TYPE)
        return as_download(response, request, filename=filename, fallback=fallback)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in figures template (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


class FiguresImportView(RoleRequiredMixin, View):
    """GET: the upload form. POST step=preview: check and show. POST step=confirm: save drafts."""

    roles = ROLES
    template_name = "workflow/import.html"
    preview_template = "workflow/import_preview.html"

    def get(self, request, period):
        period = period_from_code(period)
        return render(request, self.template_name, {"period": period, "form": UploadForm()})

    def post(self, request, period):
        period = ensure_period_from_code(period)
        if request.POST.get("step") == "confirm":
            return self.confirm(request, period)
        if request.POST.get("step") == "cancel":
            request.session.pop(SESSION_KEY, None)
            messages.info(request, _("Import cancelled: nothing was saved."))
            return redirect("reporting:import-figures", period=period)
        return self.preview(request, period)

    def preview(self, request, period):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._form_page(request, period, form)
        upload = form.cleaned_data["file"]
        try:
            data = xlsx.check_upload(upload)
            plan = excel.parse_figures_upload(data, period, request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return self._form_page(request, period, form)
        request.session[SESSION_KEY] = {
            "period": str(period),
            "name": upload.name[:200],
            "digest": excel.digest(data),
            "data": excel.encode(data),
        }
        return self._preview_page(request, plan, upload.name)

    def confirm(self, request, period):
        pending = request.session.get(SESSION_KEY)
        # The digest posted with the button must be the file this page previewed: another tab
        # may have uploaded a different file since.
        if (
            not pending
            or pending["period"] != str(period)
            or pending["digest"] != request.POST.get("digest")
        ):
            messages.error(request, EXPIRED)
            return redirect("reporting:import-figures", period=period)
        data = excel.decode(pending["data"])
        try:
            plan = excel.parse_figures_upload(data, period, request.user)
        except ValidationError as error:  # cannot happen for a file that passed the preview
            request.session.pop(SESSION_KEY, None)
            for message in error.messages:
                messages.error(request, message)
            return redirect("reporting:import-figures", period=period)
        if plan.errors or plan.fingerprint() != request.POST.get("fingerprint"):
            if not plan.errors:
                messages.warning(request, CHANGED)
            return self._preview_page(request, plan, pending["name"], status=409)
        try:
            saved = excel.apply_plan(plan, request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
            return self._preview_page(request, plan, pending["name"], status=409)
        except IntegrityError:
            messages.error(request, CONFLICT)
            return self._preview_page(request, plan, pending["name"], status=409)
        request.session.pop(SESSION_KEY, None)
        messages.success(
            request,
            _("%(count)s figures from “%(name)s” were saved as drafts. Submit them when ready.")
            % {"count": len(saved), "name": pending["name"]},
        )
        return redirect("reporting:todo")

    def _form_page(self, request, period, form):
        context = {"period": period, "form": form}
        return render(request, self.template_name, context, status=400)

    def _preview_page(self, request, plan, name, status=200):
        pending = request.session.get(SESSION_KEY, {})
        context = {
            "period": plan.period,
            "plan": plan,
            "name": name,
            "digest": pending.get("digest", ""),
            "fingerprint": plan.fingerprint(),
            "can_confirm": not plan.errors and bool(plan.to_save),
            "upload_url": reverse("reporting:import-figures", args=[plan.period]),
        }
        return render(request, self.preview_template, context, status=status)
