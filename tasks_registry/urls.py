from django.urls import path

from . import views

app_name = "tasks_registry"
urlpatterns = [
    path("tasks/", views.TaskListView.as_view(), name="task-list"),
    path("tasks/<int:number>/", views.TaskDetailView.as_view(), name="task-detail"),
]
