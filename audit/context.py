"""The request being served, for code that is not handed it (model saves, signal handlers).

simple_history's HistoryRequestMiddleware already keeps the current request in a thread-local
(and deletes it after the response); we read the same one rather than keep a second copy.
"""

from simple_history.models import HistoricalRecords


def current_request():
    return getattr(HistoricalRecords.context, "request", None)


def current_user():
    """The logged-in user of the current request, or None (anonymous, or no request at all)."""
    request = current_request()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return None
