"""Writing audit events: the one function every part of the portal calls."""

from typing import Any

from django.core.cache import cache
from django.db import models

from .context import current_request
from .ip import client_ip
from .models import AuditEvent, Event, Outcome

WORKFLOW_EVENTS = {"approve": Event.APPROVE, "return": Event.RETURN, "reopen": Event.REOPEN}


def record(
    event: Event | str,
    *,
    request=None,
    user=None,
    obj: models.Model | None = None,
    outcome: Outcome | str = Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEvent:
    """Write one event. The request (and so the user and client IP) defaults to the current one."""
    request = request or current_request()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    return AuditEvent.objects.create(
        event=Event(event),
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        ip=client_ip(request) if request is not None else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        outcome=Outcome(outcome),
        detail=detail or {},
    )


def record_workflow(item: models.Model, action: str, *, user, comment: str = "") -> None:
    """Approvals, returns and reopenings are security events; submissions and drafts are not."""
    event = WORKFLOW_EVENTS.get(str(action))
    if event is not None:
        record(event, user=user, obj=item, detail={"comment": comment, "state": item.state})


# One refusal event per client per minute (per worker process); the refusals in between are
# counted into the next event, so probing shows in the log without flooding it.
REFUSAL_WINDOW_SECONDS = 60


def record_refusal(request, status: int) -> AuditEvent | None:
    """A 401, 403 or 404: access refused, or a probe for what exists (MLPS 8.1.4.3 a)."""
    user = getattr(request, "user", None)
    who = user.pk if user is not None and user.is_authenticated else "-"
    key = f"audit-refusal:{client_ip(request)}:{who}"
    if not cache.add(key, True, REFUSAL_WINDOW_SECONDS):
        try:
            cache.incr(f"{key}:since")
        except ValueError:
            cache.set(f"{key}:since", 1, None)
        return None
    since = cache.get(f"{key}:since", 0)
    cache.delete(f"{key}:since")
    return record(
        Event.ACCESS_DENIED,
        request=request,
        outcome=Outcome.FAILURE,
        detail={
            "status": status,
            "method": request.method,
            "path": request.get_full_path()[:200],
            "refused_since_last_event": since,
        },
    )


def record_wrong_password(*, user, request=None) -> AuditEvent:
    """A wrong current password on a password-change form: the one writer of this event."""
    return record(Event.PASSWORD_WRONG, request=request, user=user, outcome=Outcome.FAILURE)
