"""The office's review queue (workflow/review.py): filter, read inline, tick many, act once."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from bureaus.access import RoleRequiredMixin
from bureaus.models import Role

from .models import Action, SubmissionState
from .review import (
    BULK_ACTIONS,
    NOTHING_CHOSEN,
    QueueFilter,
    bulk_transition,
    next_after,
    parse_key,
    queue,
)
from .services import COMMENT_REQUIRED

FILTERS = ("period", "bureau", "kind", "state")


def filters_of(request) -> tuple[QueueFilter, dict | None]:
    """The bound filter form, and the filters to apply (None when a value is bad)."""
    data = {k: request.GET.get(k, "") for k in FILTERS}
    data["state"] = data["state"] or SubmissionState.SUBMITTED  # the queue: what waits
    form = QueueFilter(data)
    if not form.is_valid():
        return form, None
    return form, {k: form.cleaned_data[k] for k in FILTERS}


def query_of(params) -> str:
    """The queue's filters as a query string, carried to an item's page and back."""
    return urlencode({k: params[k] for k in FILTERS if params.get(k)})


def queue_url(params) -> str:
    query = query_of(params)
    return reverse("reporting:review") + ("?" + query if query else "")


class ReviewQueueView(RoleRequiredMixin, View):
    roles = (Role.OFFICE,)

    def get(self, request):
        form, filters = filters_of(request)
        rows = queue(**filters) if filters is not None else []
        query = query_of(request.GET)
        context = {"filter": form, "rows": rows, "query": query}
        return render(
            request,
            "workflow/review.html",
            {**context, "queue_link": urlencode({"queue": query})},
            status=200 if filters is not None else 400,
        )

    def post(self, request):
        """Approve or return the ticked items, one transition each, with one comment."""
        back = queue_url(QueryDict(request.POST.get("query", "")))
        action = request.POST.get("action")
        keys = [k for k in request.POST.getlist("items") if parse_key(k)]
        comment = request.POST.get("comment", "").strip()
        if action not in BULK_ACTIONS:
            return redirect(back)
        if not keys:
            messages.error(request, NOTHING_CHOSEN)
            return redirect(back)
        if action == Action.RETURN and not comment:
            messages.error(request, COMMENT_REQUIRED)
            return redirect(back)
        outcome = bulk_transition(keys, action, user=request.user, comment=comment)
        if outcome.done:
            messages.success(
                request,
                ngettext("%(action)s: %(n)s item.", "%(action)s: %(n)s items.", len(outcome.done))
                % {"action": Action(action).label, "n": len(outcome.done)},
            )
        for label, reason in outcome.refused:
            messages.error(request, f"{label}: {reason}")
        return redirect(back)


class ReviewNextView(RoleRequiredMixin, View):
    """After acting on one item: the next one in the same filtered queue, or the queue."""

    roles = (Role.OFFICE,)

    def get(self, request):
        _form, filters = filters_of(request)
        parsed = parse_key(request.GET.get("after", "") + "-0")
        back = queue_url(request.GET)
        if filters is None or parsed is None:
            return redirect(back)
        model, pk, _version = parsed
        item = next_after(model, pk, **filters)
        if item is None:
            messages.info(request, _("Nothing more is waiting in this queue."))
            return redirect(back)
        return redirect(item.get_absolute_url() + "?" + urlencode({"queue": query_of(request.GET)}))
