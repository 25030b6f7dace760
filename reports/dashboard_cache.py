"""The dashboards' rendered parts, cached under a key that changes whenever their data does.

Why: the office and bureau dashboards rebuild the same cards, task matrix and completeness
tables on every request (≈ 90 ms at any data size, issue #10) from a few small tables that
change a few times a day. Entries do not expire after a while (stale in between); instead every
key carries the DATA VERSION, read in one query per request:

- the stamp of the single `DashboardVersion` row, rewritten when a transaction that saved or
  deleted a model the dashboards read commits (DASHBOARD_INPUTS: the workflow's figures and task
  reports, supervision items, and what the office edits: indicators, periods, status
  thresholds, bureaus, tasks and their owners), and by `bump()` where a write bypasses the
  signals. Written on commit, in a statement of its own, so no writer holds the row while its
  transaction runs (every writer would queue behind it); until then the writer's own reads,
  which already see its changes, carry a version of their own;
- the latest progress run's id, status and end, so a run that starts, finishes or fails is a
  new version without any hook in the run itself;

plus the date (overdue marks and "the reporting quarter" follow today), the language and
whatever else the caller's page varies on (role, bureau). A change makes a new key: the old
entries are never read again and age out.

The cache is the "dashboards" alias, a per-process local memory cache with bounded entries:
the pages must keep working with Redis down, and since the key carries the version a
per-process copy cannot go stale, it only costs each worker its own first render.
"""

import hashlib
import threading
import uuid
from collections.abc import Callable

from django.apps import apps
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

CACHE_ALIAS = "dashboards"
TIMEOUT = 24 * 3600  # an upper bound only: a key is dead as soon as the version moves on

DASHBOARD_INPUTS = (
    "bureaus.Bureau",
    "targets.TargetArea",
    "targets.Indicator",
    "targets.Period",
    "targets.StatusThresholds",
    "targets.Figure",
    "targets.Progress",
    "tasks_registry.TaskGroup",
    "tasks_registry.KeyTask",
    "tasks_registry.TaskOwnership",
    "tasks_registry.TaskReport",
    "tasks_registry.SupervisionItem",
)


_uncommitted = threading.local()  # this thread's connection wrote inputs not yet committed


def bump(**_signal_kwargs) -> None:
    """Give the dashboards a new data version (a signal receiver, or called directly): at once
    outside a transaction, else when it commits; its own reads see a new version meanwhile."""
    if not connection.in_atomic_block:
        _write_stamp()
        return
    _uncommitted.version = uuid.uuid4().hex
    # Once a transaction: Django drops a rolled-back savepoint's callbacks from this list.
    if not any(callback is _committed for _ids, callback, _robust in connection.run_on_commit):
        transaction.on_commit(_committed)


def _committed() -> None:
    _uncommitted.version = None
    _write_stamp()


def _write_stamp() -> None:
    from .models import DashboardVersion

    stamp, now = uuid.uuid4().hex, timezone.now()
    if not DashboardVersion.objects.filter(pk=1).update(stamp=stamp, changed_at=now):
        # The row is made by the migration; a flushed database (test servers) has none.
        DashboardVersion.objects.bulk_create(
            [DashboardVersion(pk=1, stamp=stamp, changed_at=now)], ignore_conflicts=True
        )


def connect() -> None:
    """Bump on every save and delete of a dashboard input (called from ReportsConfig.ready)."""
    for label in DASHBOARD_INPUTS:
        model = apps.get_model(label)
        post_save.connect(bump, sender=model, dispatch_uid=f"dashboard-version-save-{label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"dashboard-version-del-{label}")


def data_version() -> str:
    """The version stamp and the latest progress run, in one query."""
    from targets.models import ProgressRun

    from .models import DashboardVersion

    versions, runs = DashboardVersion._meta.db_table, ProgressRun._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT stamp FROM {versions} WHERE id = 1),"  # noqa: S608 (table names)
            " (SELECT CAST(id AS TEXT) || '/' || status || '/'"
            f" || COALESCE(CAST(finished_at AS TEXT), '') FROM {runs}"
            " ORDER BY started_at DESC LIMIT 1)"
        )
        stamp, run = cursor.fetchone()
    uncommitted = getattr(_uncommitted, "version", None) if connection.in_atomic_block else None
    return f"{stamp}|{run}|{uncommitted or ''}"


def cached_parts(
    page: str, variant: tuple, render: Callable[[], dict[str, str]]
) -> dict[str, SafeString]:
    """The rendered parts of `page` for this variant (role, bureau…), from the cache when the
    data, the date and the language are those they were rendered with; else `render()` them."""
    key_parts = (page, *variant, data_version(), timezone.localdate(), translation.get_language())
    key = f"{page}:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    cache = caches[CACHE_ALIAS]
    parts = cache.get(key)
    if parts is None:
        parts = render()
        cache.set(key, parts, TIMEOUT)
    return {name: mark_safe(html) for name, html in parts.items()}  # noqa: S308 (our templates)
