"""The security-event audit log (安全审计): append-only, read by the auditor role only.

Other apps call `audit.record(...)`; login, logout, lockout, role changes and deletions are
recorded by signal handlers in `audit.signals`.
"""


def record(*args, **kwargs):
    """Write one security event: see `audit.services.record`."""
    from .services import record as _record

    return _record(*args, **kwargs)


def record_workflow(*args, **kwargs):
    """Write the event of a workflow transition: see `audit.services.record_workflow`."""
    from .services import record_workflow as _record_workflow

    return _record_workflow(*args, **kwargs)
