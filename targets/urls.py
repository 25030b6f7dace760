from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("progress/compute/", views.ComputeProgressView.as_view(), name="compute-progress"),
    path("indicators/<str:code>/assess/", views.AssessTargetView.as_view(), name="assess"),
]
