"""Every file the portal hands out of its data (list exports, reports, circulars, Excel
templates, the audit log) leaves through `as_download`: a private, uncached attachment under its
Chinese name, and one export event in the audit log (MLPS 8.1.4.3 a), so no download path can
forget either."""

import re
from pathlib import PurePath
from urllib.parse import quote

import audit
from workflow.evidence import name_for_type


def attachment_header(filename: str, fallback: str) -> str:
    """RFC 6266/5987: an ASCII name for old clients, and the real (Chinese) name as filename*."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def ascii_name(stem: str, original: str) -> str:
    """An ASCII file name for old clients: `stem` and the original's suffix (.pdf, .xlsx)."""
    suffix = PurePath(original).suffix.lower()
    return stem + (suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else "")


def as_download(response, request, *, filename: str, fallback: str, detail: dict | None = None):
    """`response` as a download of `filename`, recorded as an export by `request.user`.

    The names take the suffix of the file's type (the content type the portal detected or made):
    an uploaded name never decides how a browser opens a file."""
    kind = response.get("Content-Type", "")
    filename, fallback = name_for_type(filename, kind), name_for_type(fallback, kind)
    response["Content-Disposition"] = attachment_header(filename, fallback)
    response["Cache-Control"] = "private, no-store"
    audit.record("export", request=request, detail={"file": fallback, **(detail or {})})
    return response
