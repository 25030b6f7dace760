"""Pages of the quarterly reporting: to-do, item forms, review queue, completeness, follow-ups."""

from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from bureaus.access import RoleRequiredMixin, may_open
from bureaus.models import Bureau, Role
from exports.downloads import as_download, ascii_name
from targets.models import Figure, Indicator, IndicatorSource
from targets.periods import (
    begun_periods,
    ensure_period_from_code,
    latest_ended,
    open_periods,
    period_from_code,
)
from targets.validation import unusual_value_reason
from tasks_registry.models import KeyTask, TaskOwnership, TaskReport
from tasks_registry.supervision_selectors import overdue_supervision_items

from . import selectors
from .chasing import late_by_bureau, remind_late, reminders_for
from .evidence import attach
from .forms import CommentForm, FigureForm, RemindForm, TaskReportForm
from .kinds import KINDS
from .models import Action, Evidence, ReviewComment
from .review_views import query_of
from .services import WorkflowError, allowed_actions, save_draft, transition

OFFICE = (Role.OFFICE,)


def _same_site(request, url: str | None) -> str | None:
    """`next` if it stays on this site (over HTTPS when the request is), else None: a form's
    hidden field must not send the office off-site after an approval."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


class TodoView(RoleRequiredMixin, TemplateView):
    """我的待办: what the user's bureau still owes, with states and days left."""

    roles = (Role.STAFF,)
    template_name = "workflow/todo.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        periods = open_periods(today)
        owed = selectors.owed_rows(periods, self.request.user.bureau_id)
        rows = selectors.outstanding_rows(owed)
        for row in rows:
            row.days = row.days_left(today)
            row.days_overdue = -row.days
        returned = [r for r in rows if r.state == "returned"]
        return super().get_context_data(
            today=today,
            periods=periods,
            owed_periods={row.period for row in owed},
            rows=rows,
            returned=returned,
            overdue_items=overdue_supervision_items(today, bureau_id=self.request.user.bureau_id),
            **kwargs,
        )


class ItemPage(RoleRequiredMixin, View):
    """One figure or task report: the bureau edits and submits it, the office reviews it.

    Subclasses say how to find the item (`subject_and_item`) and which form edits it.
    """

    form_class = None
    template_name = None

    def load(self, request, period, subject, bureau):
        # R1.4: a read looks the period up; only a write may create it.
        find = period_from_code if request.method in ("GET", "HEAD") else ensure_period_from_code
        period = find(period)
        bureau = get_object_or_404(Bureau, code=bureau)
        user = request.user
        if not user.sees_all_bureaus and user.bureau_id != bureau.pk:
            raise Http404  # another bureau's item does not exist for this user
        _subject, item = self.subject_and_item(period, subject, bureau)
        return item

    def context(self, item, form):
        user = self.request.user
        actions = allowed_actions(user, item)
        return {
            "item": item,
            "kind": self.kind,
            "form": form,
            "actions": actions,
            "can_edit": "save" in actions,
            "review_actions": [a for a in actions if a in ("approve", "return", "reopen")],
            "transitions": item.transitions.select_related("user") if item.pk else [],
            "evidence": item.evidence.all() if item.pk else [],
            "comments": item.comments.select_related("author") if item.pk else [],
            "comment_form": CommentForm() if user.role == Role.OFFICE and item.pk else None,
            "next_url": self.next_in_queue(item),
            **self.extra_context(item),
        }

    def extra_context(self, item):
        return {}

    def next_in_queue(self, item) -> str | None:
        """Opened from the review queue: where the office goes after acting, the next item of
        the same filtered queue."""
        if "queue" not in self.request.GET or item.pk is None:
            return None
        query = query_of(QueryDict(self.request.GET["queue"]))
        after = urlencode({"after": f"{self.kind.slug}-{item.pk}"})
        return reverse("reporting:review-next") + "?" + "&".join(filter(None, (query, after)))

    def get(self, request, **kwargs):
        item = self.load(request, **kwargs)
        form = self.form_class(instance=item)
        return render(request, self.template_name, self.context(item, form))

    def post(self, request, **kwargs):
        item = self.load(request, **kwargs)
        action = request.POST.get("action", "save")
        if action in ("approve", "return", "reopen"):
            return self.review(request, item, action)
        if action == "comment":
            return self.comment(request, item)
        form = self.form_class(request.POST, request.FILES, instance=item)
        if not form.is_valid():
            return render(request, self.template_name, self.context(item, form), status=400)
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("version", "evidence")}
        try:
            with transaction.atomic():
                save_draft(item, user=request.user, data=data, version=form.cleaned_data["version"])
                for upload, mime in form.cleaned_data["evidence"]:
                    attach(item, upload, user=request.user, mime_type=mime)
        except WorkflowError as error:
            form.add_error(None, error.message)
            return render(request, self.template_name, self.context(item, form), status=409)
        if action != "submit":
            messages.success(request, _("Draft saved."))
            return redirect(item.get_absolute_url())
        try:
            transition(item, Action.SUBMIT, user=request.user)
        except WorkflowError as error:
            # The draft is saved; show what blocks submission beside the fields, with the
            # values as typed and the new version, so the next save is not refused as stale.
            data = request.POST.copy()
            data["version"] = item.version
            form = self.form_class(data, instance=item)
            form.is_valid()
            for field, field_errors in error.errors.items():
                for message in field_errors:
                    form.add_error(field if field in form.fields else None, message)
            form.add_error(None, error.message)
            messages.warning(request, _("Draft saved, but not submitted."))
            return render(request, self.template_name, self.context(item, form), status=400)
        messages.success(request, _("Submitted to the leading-group office."))
        return redirect(item.get_absolute_url())

    def review(self, request, item, action):
        if item.pk is None:
            raise Http404
        try:
            transition(
                item,
                action,
                user=request.user,
                comment=request.POST.get("comment", ""),
                version=request.POST.get("version") or None,
            )
        except WorkflowError as error:
            messages.error(request, error.message)
            return redirect(item.get_absolute_url())
        messages.success(request, _("Done: %(action)s.") % {"action": Action(action).label})
        return redirect(_same_site(request, request.POST.get("next")) or item.get_absolute_url())

    def comment(self, request, item):
        if request.user.role != Role.OFFICE or item.pk is None:
            raise Http404
        form = CommentForm(request.POST)
        if form.is_valid():
            ReviewComment.objects.create(
                item=item,
                author=request.user,
                text=form.cleaned_data["text"],
                follow_up=form.cleaned_data["follow_up"],
            )
            messages.success(request, _("Comment added."))
        else:
            messages.error(request, _("A comment cannot be empty."))
        return redirect(item.get_absolute_url())


class FigurePage(ItemPage):
    kind = KINDS["figure"]
    form_class = FigureForm
    template_name = "workflow/figure.html"

    def subject_and_item(self, period, code, bureau):
        indicator = get_object_or_404(
            Indicator, code=code, source=IndicatorSource.FIGURE, reporting_bureau=bureau
        )
        item = Figure.objects.filter(indicator=indicator, bureau=bureau, period=period).first()
        return indicator, item or Figure(indicator=indicator, bureau=bureau, period=period)

    def extra_context(self, item):
        return {
            "previous": selectors.previous_figures(item) if item.pk else [],
            "unusual": unusual_value_reason(item) if item.pk else None,
        }


class TaskReportPage(ItemPage):
    kind = KINDS["task"]
    form_class = TaskReportForm
    template_name = "workflow/task_report.html"

    def subject_and_item(self, period, number, bureau):
        held = TaskOwnership.objects.held_in(period).filter(bureau=bureau).values("task_id")
        task = get_object_or_404(KeyTask, number=number, pk__in=held)
        item = TaskReport.objects.filter(task=task, bureau=bureau, period=period).first()
        return task, item or TaskReport(task=task, bureau=bureau, period=period)

    def extra_context(self, item):
        return {"previous": selectors.previous_report(item) if item.pk else None}


class CompletenessView(RoleRequiredMixin, TemplateView):
    roles = (Role.OFFICE, Role.LEADER, Role.ADMIN)
    template_name = "workflow/completeness.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        code = self.request.GET.get("period")
        period = period_from_code(code) if code else latest_ended(open_periods(today), today)
        rows = selectors.rows_for(period) if period else []
        columns, lines, totals = (
            selectors.completeness(period, today, rows) if period else ([], [], {})
        )
        late = set(late_by_bureau(period, today, rows)) if period else set()
        for line in lines:
            line.late = line.bureau in late
        return super().get_context_data(
            period=period,
            periods=begun_periods(today)[::-1],  # the menu: newest first
            columns=columns,
            lines=lines,
            totals=totals,
            labels=selectors.CELL_LABELS,
            late_count=len(late),
            can_remind=may_open(self.request.user, "reporting:remind"),
            reminders=reminders_for(period) if period else [],
            **kwargs,
        )


class RemindView(RoleRequiredMixin, View):
    """催报 from the completeness page or the dashboard: one bureau, or every late one."""

    roles = OFFICE

    def post(self, request):
        form = RemindForm(request.POST)
        back = _same_site(request, request.POST.get("next")) or reverse("reporting:completeness")
        if not form.is_valid():
            messages.error(
                request,
                _("The reminder could not be sent: %(errors)s")
                % {"errors": " ".join(e for errors in form.errors.values() for e in errors)},
            )
            return redirect(back)
        data = form.cleaned_data
        sent = remind_late(
            period=data["period"],
            bureau=data["bureau"],
            user=request.user,
            message=data["message"].strip(),
            today=timezone.localdate(),
        )
        if sent:
            names = "、".join(str(r.bureau) for r in sent)
            messages.success(request, _("Reminder sent to %(bureaus)s.") % {"bureaus": names})
        else:
            messages.warning(request, _("Nobody to remind: no bureau has overdue items."))
        return redirect(back)


class FollowUpView(RoleRequiredMixin, TemplateView):
    roles = (Role.OFFICE, Role.LEADER, Role.ADMIN)
    template_name = "workflow/follow_ups.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(comments=selectors.open_follow_ups(), **kwargs)


class ResolveFollowUpView(RoleRequiredMixin, View):
    roles = OFFICE

    def post(self, request, pk):
        comment = get_object_or_404(ReviewComment, pk=pk, resolved_at__isnull=True)
        comment.resolved_at = timezone.now()
        comment.resolved_by = request.user
        comment.save(update_fields=["resolved_at", "resolved_by"])
        messages.success(request, _("Follow-up closed."))
        return redirect("reporting:follow-ups")


class EvidenceDownloadView(RoleRequiredMixin, View):
    """Evidence is served only to users who may see its item; others get a 404."""

    def get(self, request, pk):
        evidence = get_object_or_404(Evidence.objects.select_related("content_type"), pk=pk)
        model = evidence.content_type.model_class()
        if not model.objects.visible_to(request.user).filter(pk=evidence.object_id).exists():
            raise Http404
        name = evidence.original_name
        return as_download(
            FileResponse(evidence.file.open("rb"), content_type=evidence.mime_type),
            request,
            filename=name,
            fallback=ascii_name(f"evidence-{evidence.pk}", name),
            detail={"evidence": evidence.pk, "item": evidence.object_id},
        )
