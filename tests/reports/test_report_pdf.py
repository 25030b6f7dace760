"""The PDF: Chinese title, every target with its computed numbers, embedded CJK font, page X of
Y, vector charts, a table of contents for the year."""

# The shared fixtures (tests/exports/report_data.py) are imported, then named as parameters.
# ruff: noqa: F811

import subprocess

import pytest
from django.template.defaultfilters import floatformat

from reports.assembly import REPORT_TITLE, assemble_report
from reports.pdf import render_pdf
from reports.report_html import line_chart_svg, render_body
from tests.exports.report_data import (  # noqa: F401
    TODAY,
    media,
    pdf_pages,
    pdf_text,
    pinned_today,
    report_data,
    squeeze,
)

pytestmark = pytest.mark.django_db

# Cover, summary with the targets, trends, tasks, completeness and sections: as laid out for the
# fixture (a change here means the layout changed; look at the pages before updating it).
QUARTER_PAGES = 7
# The year adds a contents page and the assessment ranking of every member bureau.
ANNUAL_PAGES = 9


@pytest.fixture
def quarter(report_data):
    report = assemble_report("2026Q3", today=TODAY)
    return report, render_pdf(report)


def test_it_prints_the_chinese_title_and_every_target_with_its_numbers(quarter):
    report, pdf = quarter
    text = squeeze(pdf_text(pdf))
    assert REPORT_TITLE in text
    for target in report.targets:
        assert squeeze(target.name) in text, target.code
        for number in (target.value, target.projected):
            if number is not None:
                assert squeeze(floatformat(number, "-2g")) in text, (target.code, number)
        for percent in (target.percent, target.expected):
            if percent is not None:
                assert floatformat(percent, "-2") + "%" in text, (target.code, percent)
    assert "812.5" in text  # the patents' value as computed


def test_it_embeds_a_cjk_font(quarter):
    _report, pdf = quarter
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    lines = [line for line in fonts.stdout.decode().splitlines() if "CJK" in line]
    assert any("Noto-Sans-CJK-SC" in line for line in lines)
    assert all(line.split()[-5] == "yes" for line in lines)  # the emb column


def test_it_numbers_every_page_as_x_of_y(quarter):
    _report, pdf = quarter
    assert pdf_pages(pdf) == QUARTER_PAGES
    pages = pdf_text(pdf).split("\f")
    for number in range(1, QUARTER_PAGES + 1):
        assert f"第{number}页共{QUARTER_PAGES}页" in squeeze(pages[number - 1])


def test_it_repeats_the_running_header_after_the_cover(quarter):
    report, pdf = quarter
    pages = pdf_text(pdf).split("\f")
    for page in pages[1:QUARTER_PAGES]:
        assert report.full_title in page and report.period_label in page


def test_it_repeats_the_table_header_when_a_table_breaks(quarter):
    _report, pdf = quarter
    pages = [squeeze(p) for p in pdf_text(pdf).split("\f")]
    # The tasks table runs over two pages: both start with its header.
    with_task_header = [p for p in pages if "Leadbureau" in p or "牵头" in p]
    assert len(with_task_header) >= 2


def test_it_draws_trends_as_vector_graphics(quarter):
    report, pdf = quarter
    svg = line_chart_svg(next(t for t in report.trends if t.code == "2.1"))
    assert svg.startswith("<svg") and "<polyline" in svg
    assert "<svg" in render_body(report, for_print=True)
    images = subprocess.run(["pdfimages", "-list", "-"], input=pdf, capture_output=True)
    if images.returncode == 0:
        assert len(images.stdout.decode().splitlines()) <= 2  # header lines only: no bitmaps


def test_it_gives_the_annual_report_a_table_of_contents_with_page_numbers(report_data):
    report = assemble_report("2026", today=TODAY)
    pdf = render_pdf(report)
    pages = pdf_text(pdf, layout=True).split("\f")
    assert pdf_pages(pdf) == ANNUAL_PAGES
    contents = pages[1]
    assert "2026" in pages[0]
    lines = [line for line in contents.splitlines() if "...." in line]
    assert len(lines) >= 5
    assert lines[0].rstrip().endswith("3")  # the summary starts on page 3
