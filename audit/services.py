"""Writing audit events: the one function every part of the portal calls."""

from typing import Any

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
