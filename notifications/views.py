from django.shortcuts import redirect
from django.utils import timezone
from django.views import View
from django.views.generic import ListView

from bureaus.access import RoleRequiredMixin

from .models import Notification


class NotificationListView(RoleRequiredMixin, ListView):
    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = 50

    def get_queryset(self):
        return Notification.objects.filter(user=self.request.user)


class MarkAllReadView(RoleRequiredMixin, View):
    def post(self, request):
        Notification.objects.filter(user=request.user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        return redirect("notifications:list")
