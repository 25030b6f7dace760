"""Whether the database holds demo data (R4.5): asked by every page and every export."""

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEMO_MARK = _("Demo data")
CACHE_KEY = "core:demo-data"
# load_demo runs in another process: a web worker sees its mark within this many seconds.
CACHE_SECONDS = 60


def demo_loaded() -> bool:
    """True once load_demo has run; one query per worker a minute, not one per page."""
    from .models import DemoData

    loaded = cache.get(CACHE_KEY)
    if loaded is None:
        loaded = DemoData.objects.exists()
        cache.set(CACHE_KEY, loaded, CACHE_SECONDS)
    return loaded


def mark_demo_loaded() -> None:
    from .models import DemoData

    DemoData.objects.update_or_create(pk=1, defaults={"loaded_at": timezone.now()})
    cache.set(CACHE_KEY, True, CACHE_SECONDS)


def demo_mark() -> str:
    """The mark an exported file starts with, or "" when the data are real."""
    return str(DEMO_MARK) if demo_loaded() else ""


def mark_sheet(sheet) -> None:
    """Demo data: every printed page of the sheet says so in its header (页眉)."""
    if mark := demo_mark():
        sheet.oddHeader.center.text = mark
        sheet.oddHeader.center.size = 14


def mark_workbook(workbook) -> None:
    """Demo data: every sheet of a workbook the portal hands out says so (R4.5)."""
    for sheet in workbook.worksheets:
        mark_sheet(sheet)
