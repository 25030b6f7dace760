from django.urls import path

from . import excel_views, grid_views, review_views, views

app_name = "reporting"
urlpatterns = [
    path("", views.TodoView.as_view(), name="todo"),
    path("review/", review_views.ReviewQueueView.as_view(), name="review"),
    path("review/next/", review_views.ReviewNextView.as_view(), name="review-next"),
    path("completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("remind/", views.RemindView.as_view(), name="remind"),
    path("follow-ups/", views.FollowUpView.as_view(), name="follow-ups"),
    path("follow-ups/<int:pk>/close/", views.ResolveFollowUpView.as_view(), name="close-follow-up"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence"),
    path("<str:period>/grid/<slug:bureau>/", grid_views.GridView.as_view(), name="grid"),
    path(
        "<str:period>/figure/<str:subject>/<slug:bureau>/",
        views.FigurePage.as_view(),
        name="figure",
    ),
    path(
        "<str:period>/task/<int:subject>/<slug:bureau>/",
        views.TaskReportPage.as_view(),
        name="task-report",
    ),
]

# Figures by Excel: the period's template, and the upload → preview → confirm import.
urlpatterns += [
    path(
        "<str:period>/figures.xlsx",
        excel_views.FiguresTemplateView.as_view(),
        name="figures-template",
    ),
    path("<str:period>/import/", excel_views.FiguresImportView.as_view(), name="import-figures"),
]
