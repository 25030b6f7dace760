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
    path("second-factor/", SecondFactorStatusView.as_view(), name="second-factor"),
    path("second-factor/verify/", VerifyView.as_view(), name="second-factor-verify"),
    path("second-factor/enrol/", EnrolView.as_view(), name="second-factor-enrol"),
]
