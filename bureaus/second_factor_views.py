"""The second-factor pages: the account's status, the code after the password, and enrolment."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import FormView, TemplateView

from . import second_factor
from .forms import CodeForm


def _next_url(request) -> str:
    """Where the user was going before the code was asked for, if it is one of our pages."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class SecondFactorStatusView(LoginRequiredMixin, TemplateView):
    """Every user (any role) sees whether a second factor protects the account, and may set one
    up voluntarily."""

    template_name = "bureaus/second_factor.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        device = second_factor.confirmed_device(user)
        return super().get_context_data(
            device=device, required=second_factor.is_required(user), **kwargs
        )


class CodeFormView(LoginRequiredMixin, FormView):
    """A page that takes a 6-digit code; `check(request, code)` says what is wrong, or None."""

    form_class = CodeForm
    check: Callable[[HttpRequest, str], str | None]

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_next_url(self.request), **kwargs)

    def form_valid(self, form):
        error = self.check(self.request, form.cleaned_data["code"])
        if error is not None:
            form.add_error("code", error)
            return self.form_invalid(form)
        return redirect(_next_url(self.request))


class VerifyView(CodeFormView):
    """The code after the password (SecondFactorMiddleware sends the user here)."""

    template_name = "bureaus/second_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and second_factor.state(request) != (second_factor.VERIFY):
            return redirect(reverse("second-factor"))
        return super().dispatch(request, *args, **kwargs)

    check = staticmethod(second_factor.verify)


class EnrolView(CodeFormView):
    """A new secret as a QR code and as text; a code from the app confirms it."""

    template_name = "bureaus/second_factor_enrol.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and second_factor.state(request) == second_factor.VERIFY:
            return redirect(reverse("second-factor-verify"))
        if request.user.is_authenticated and second_factor.confirmed_device(request.user):
            return redirect(reverse("second-factor"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        key = second_factor.pending_key(self.request)
        return super().get_context_data(
            qr_svg=second_factor.qr_svg(second_factor.config_url(self.request.user, key)),
            secret=second_factor.secret_text(key),
            required=second_factor.is_required(self.request.user),
            **kwargs,
        )

    check = staticmethod(second_factor.enrol)
