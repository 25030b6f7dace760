from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import LoginForm
from .passwords import ChangePasswordForm, PasswordChangeView
from .second_factor_views import EnrolView, SecondFactorStatusView, VerifyView

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="bureaus/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        PasswordChangeView.as_view(
            template_name="bureaus/password_change.html",
            form_class=ChangePasswordForm,
            success_url=reverse_lazy("password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="bureaus/password_change_done.html"
        ),
        name="password_change_done",
    ),
    # A forgotten password, reset through a link sent to the account's e-mail address (Django's
    # views; the new password meets AUTH_PASSWORD_VALIDATORS like a changed one).
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="bureaus/password_reset.html",
            email_template_name="bureaus/password_reset_email.txt",
            subject_template_name="bureaus/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="bureaus/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="bureaus/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="bureaus/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("second-factor/", SecondFactorStatusView.as_view(), name="second-factor"),
    path("second-factor/verify/", VerifyView.as_view(), name="second-factor-verify"),
    path("second-factor/enrol/", EnrolView.as_view(), name="second-factor-enrol"),
]
