from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("bureau/", views.BureauDashboardView.as_view(), name="bureau"),
    path("bureaus/<slug:code>/", views.BureauDashboardView.as_view(), name="bureau-detail"),
    path("indicators/<str:code>/", views.IndicatorDetailView.as_view(), name="indicator"),
    path("defaults/", views.DefaultsView.as_view(), name="defaults"),
]
