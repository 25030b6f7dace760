"""A circular (通报) as a Word document the office can still edit, and as a PDF.

Word: python-docx writes a .docx that Word and WPS open and edit; paragraphs follow the
circular's text (a blank line starts a new paragraph), Chinese text set in the fonts official
documents use when the reader has them (仿宋 for the body, 小标宋/黑体 for the title), falling
back to the reader's defaults. PDF: WeasyPrint, as the assessment report.
"""

import io
import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from core.demo import demo_mark
from spreadsheets.xmltext import xml_safe

BODY_FONT = "仿宋"
TITLE_FONT = "黑体"


def paragraphs(body: str) -> list[str]:
    """The circular's paragraphs: blank lines separate them; single line breaks also do, as
    the office types a circular line by line."""
    lines = re.split(r"\r?\n", xml_safe(body or ""))
    return [line.strip() for line in lines if line.strip()]


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    # East Asian text takes its font from w:eastAsia, not from w:ascii.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def circular_docx(circular) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Pt(842), Pt(595)  # A4
    if mark := demo_mark():  # R4.5: the first paragraph says 演示数据
        banner = document.add_paragraph()
        banner.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(banner.add_run(mark), TITLE_FONT, 16, bold=True)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(xml_safe(circular.title)), TITLE_FONT, 22)
    for text in paragraphs(circular.body):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.first_line_indent = Pt(32)  # two characters
        paragraph.paragraph_format.line_spacing = Pt(28)
        _font(paragraph.add_run(text), BODY_FONT, 16)
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    when = timezone.localtime(circular.published_at or circular.updated_at)
    _font(signature.add_run(f"{settings.DISTRICT_NAME}\n{when:%Y-%m-%d}"), BODY_FONT, 16)
    document.core_properties.title = xml_safe(circular.title)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def circular_pdf(circular) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "exports/circular_pdf.html",
        {
            "circular": circular,
            "paragraphs": paragraphs(circular.body),
            "district": settings.DISTRICT_NAME,
            "when": timezone.localtime(circular.published_at or circular.updated_at),
            "demo_mark": demo_mark(),
        },
    )
    return HTML(string=xml_safe(html), base_url=str(settings.BASE_DIR)).write_pdf()
