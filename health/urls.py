from django.urls import path

from . import views

app_name = "health"
urlpatterns = [
    path("status/", views.StatusView.as_view(), name="status"),
]
