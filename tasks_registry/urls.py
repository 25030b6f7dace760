from django.urls import path

from exports.views import ListExportView

from . import views

app_name = "tasks_registry"
urlpatterns = [
    path("tasks/", views.TaskListView.as_view(), name="task-list"),
    path("tasks/<int:number>/", views.TaskDetailView.as_view(), name="task-detail"),
]

# Supervision items (督办) and leader instructions (批示).
from . import supervision_views  # noqa: E402
from .models import SupervisionSource  # noqa: E402

urlpatterns += [
    path("supervision/", supervision_views.SupervisionListView.as_view(), name="supervision-list"),
    path(
        "supervision/new/inspection/",
        supervision_views.SupervisionCreateView.as_view(source=SupervisionSource.INSPECTION),
        name="supervision-new-inspection",
    ),
    path(
        "supervision/new/meeting/",
        supervision_views.SupervisionCreateView.as_view(source=SupervisionSource.JOINT_MEETING),
        name="supervision-new-meeting",
    ),
    path(
        "supervision/new/report/<int:pk>/",
        supervision_views.SupervisionCreateView.as_view(source=SupervisionSource.REPORTED_PROBLEM),
        name="supervision-new-problem",
    ),
    path(
        "supervision/<int:pk>/",
        supervision_views.SupervisionDetailView.as_view(),
        name="supervision-detail",
    ),
    path("instructions/", supervision_views.InstructionListView.as_view(), name="instructions"),
    path(
        "instructions/new/",
        supervision_views.InstructionCreateView.as_view(),
        name="instruction-new",
    ),
]

# The activities register: publicity events and trainings.
from . import activity_views  # noqa: E402

urlpatterns += [
    path("activities/", activity_views.ActivityListView.as_view(), name="activity-list"),
    path(
        "activities/export.xlsx",
        ListExportView.as_view(),
        {"kind": "activities"},
        name="activity-export",
    ),
    path("activities/new/", activity_views.ActivityFormView.as_view(), name="activity-new"),
    path(
        "activities/<int:pk>/", activity_views.ActivityDetailView.as_view(), name="activity-detail"
    ),
    path(
        "activities/<int:pk>/edit/", activity_views.ActivityFormView.as_view(), name="activity-edit"
    ),
]
