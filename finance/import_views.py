"""Enterprises and loans by Excel: download the template, upload it, preview, confirm.

As for figures (workflow/excel_views.py): between the preview and the confirmation the uploaded
bytes wait in the user's own session, and the confirmation re-checks them from scratch; if the
records changed since the preview, a fresh preview is shown instead of saving.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role
from exports.downloads import as_download
from spreadsheets import xlsx
from workflow.excel import decode, digest, encode

from . import imports
from .services import FinanceError

ROLES = (Role.STAFF,)
EXPIRED = gettext_lazy(
    "The uploaded file is no longer waiting for confirmation (it was replaced by another upload "
    "or your session ended). Nothing was saved: please upload it again."
)
CHANGED = gettext_lazy(
    "The records changed since the preview (someone saved in the meantime). Nothing was saved: "
    "please check the new preview and confirm again."
)
CONFLICT = gettext_lazy("Someone else saved the same record at the same moment. Nothing was saved.")


def kind_or_404(kind: str) -> imports.Kind:
    if kind not in imports.KINDS:
        raise Http404
    return imports.KINDS[kind]


def session_key(kind: imports.Kind) -> str:
    return f"finance_import_{kind.key}"


class TemplateView(RoleRequiredMixin, View):
    roles = ROLES

    def get(self, request, kind):
        kind = kind_or_404(kind)
        response = HttpResponse(imports.template(kind), content_type=xlsx.XLSX_TYPE)
        name = _("%(title)s import template") % {"title": _(kind.title)} + ".xlsx"
        return as_download(response, request, filename=name, fallback=f"{kind.key}-template.xlsx")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )


class ImportView(RoleRequiredMixin, View):
    """GET: the upload form. POST step=preview: check and show. POST step=confirm: save."""

    roles = ROLES
    template_name = "finance/import.html"
    preview_template = "finance/import_preview.html"

    def get(self, request, kind):
        kind = kind_or_404(kind)
        return render(request, self.template_name, self.context(kind, form=UploadForm()))

    def post(self, request, kind):
        kind = kind_or_404(kind)
        step = request.POST.get("step")
        if step == "confirm":
            return self.confirm(request, kind)
        if step == "cancel":
            request.session.pop(session_key(kind), None)
            messages.info(request, _("Import cancelled: nothing was saved."))
            return redirect("finance:import", kind=kind.key)
        return self.preview(request, kind)

    def context(self, kind, **extra):
        return {"kind": kind, "title": _(kind.title), "tab": "import", **extra}

    def preview(self, request, kind):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, self.context(kind, form=form), status=400)
        upload = form.cleaned_data["file"]
        try:
            data = xlsx.check_upload(upload)
            plan = imports.parse_upload(kind, data, upload.name, request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file", message)
            return render(request, self.template_name, self.context(kind, form=form), status=400)
        request.session[session_key(kind)] = {
            "name": upload.name[:200],
            "digest": digest(data),
            "data": encode(data),
        }
        return self.preview_page(request, kind, plan, upload.name)

    def confirm(self, request, kind):
        pending = request.session.get(session_key(kind))
        if not pending or pending["digest"] != request.POST.get("digest"):
            messages.error(request, EXPIRED)
            return redirect("finance:import", kind=kind.key)
        try:
            plan = imports.parse_upload(
                kind, decode(pending["data"]), pending["name"], request.user
            )
        except ValidationError as error:
            request.session.pop(session_key(kind), None)
            for message in error.messages:
                messages.error(request, message)
            return redirect("finance:import", kind=kind.key)
        if plan.errors or plan.fingerprint() != request.POST.get("fingerprint"):
            if not plan.errors:
                messages.warning(request, CHANGED)
            return self.preview_page(request, kind, plan, pending["name"], status=409)
        try:
            saved = imports.apply_plan(kind, plan, request.user)
        except FinanceError as error:
            messages.error(request, error.message)
            return self.preview_page(request, kind, plan, pending["name"], status=409)
        except IntegrityError:
            messages.error(request, CONFLICT)
            return self.preview_page(request, kind, plan, pending["name"], status=409)
        request.session.pop(session_key(kind), None)
        messages.success(
            request,
            _("%(count)s records from “%(name)s” were saved.")
            % {"count": len(saved), "name": pending["name"]},
        )
        target = "finance:enterprise-list" if kind.key == "enterprises" else "finance:loan-list"
        return redirect(target)

    def preview_page(self, request, kind, plan, name, status=200):
        pending = request.session.get(session_key(kind), {})
        context = self.context(
            kind,
            plan=plan,
            name=name,
            digest=pending.get("digest", ""),
            fingerprint=plan.fingerprint(),
            can_confirm=not plan.errors and bool(plan.to_save),
        )
        return render(request, self.preview_template, context, status=status)
