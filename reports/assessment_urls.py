"""Assessment (考核) and circular (通报) pages: included from ipcity/urls.py."""

from django.urls import path

from . import assessment_views as views

app_name = "assessment"
urlpatterns = [
    path("", views.AssessmentView.as_view(), name="assessment"),
    path("<int:year>/", views.AssessmentView.as_view(), name="assessment-year"),
    path("<int:year>/<slug:code>/", views.BureauAssessmentView.as_view(), name="assessment-bureau"),
    path("circulars/", views.CircularListView.as_view(), name="circular-list"),
    path("circulars/<int:pk>/", views.CircularView.as_view(), name="circular"),
]
