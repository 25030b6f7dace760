"""The assessment report as an A4 PDF (WeasyPrint), from the same HTML as the preview page.

Chinese text is set in Noto Sans CJK SC (Debian's fonts-noto-cjk), which WeasyPrint embeds as a
subset; static/css/report_pdf.css holds the page layout (header, "第 X 页 共 Y 页", repeated
table headers, rows kept whole).
"""

import logging
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from spreadsheets.xmltext import xml_safe

from .assembly import Report
from .report_html import render_document

PDF_CSS = "css/report_pdf.css"

# WeasyPrint logs every layout step at INFO: keep the worker and command output readable.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _stylesheet() -> str:
    path = finders.find(PDF_CSS) or str(Path(settings.BASE_DIR) / "static" / PDF_CSS)
    return Path(path).read_text(encoding="utf-8")


def render_pdf(report: Report) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which only PDF renders need.
    from weasyprint import CSS, HTML

    html = HTML(string=xml_safe(render_document(report)), base_url=str(settings.BASE_DIR))
    return html.write_pdf(stylesheets=[CSS(string=_stylesheet())])
