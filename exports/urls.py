from django.urls import path

from . import views

app_name = "exports"
urlpatterns = [
    path("jobs/<int:pk>/", views.JobView.as_view(), name="job"),
    path("jobs/<int:pk>/download/", views.JobDownloadView.as_view(), name="job-download"),
    path("<slug:kind>/<str:period>/", views.ListExportView.as_view(), name="list"),
]
