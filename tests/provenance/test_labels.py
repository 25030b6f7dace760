"""R4.3: wherever a default shows, it is labelled 系统预置（待办公室确认） until confirmed."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.provenance import confirm
from reports.assessment import criteria
from reports.models import AssessmentCriterion
from targets.models import Indicator, Period
from tasks_registry.models import TaskOwnership
from tests.exports.report_data import pdf_text, squeeze
from tests.targets.factories import period

pytestmark = pytest.mark.django_db
LABEL = "系统预置（待办公室确认）"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def page(client, url) -> str:
    response = client.get(url, **ZH)
    assert response.status_code == 200, url
    return response.content.decode()


def download(client, url) -> bytes:
    response = client.post(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_dashboard_matrix_marks_default_owners(login, office):
    period(2026, 3)
    html = page(login(office), reverse("reports:dashboard"))
    matrix = html[html.index("matrix-legend") : html.index("</table>", html.index('id="matrix"'))]
    assert LABEL in matrix and 'class="matrix-default-mark"' in matrix
    confirm(TaskOwnership.objects.filter(is_default=True), user=office)
    html = page(login(office), reverse("reports:dashboard"))
    assert "matrix-default-mark" not in html


def test_the_indicator_page_marks_its_reporting_bureau_and_baseline(login, office, alice):
    url = reverse("reports:indicator", args=["3.3"])
    html = page(login(alice), url)
    provenance = html[html.index('id="provenance"') :][:1500]
    assert "区经济信息委" in provenance and "2023" in provenance and LABEL in provenance
    confirm([Indicator.objects.get(code="3.3")], user=office)
    html = page(login(alice), url)
    provenance = html[html.index('id="provenance"') :][:1500]
    assert LABEL not in provenance and "确认" in provenance


def test_the_assessment_page_marks_default_weights(login, office):
    html = page(login(office), reverse("assessment:assessment"))
    assert 'id="weights-default"' in html and LABEL in html
    confirm(AssessmentCriterion.objects.all(), user=office)
    assert 'id="weights-default"' not in page(login(office), reverse("assessment:assessment"))


def test_the_to_do_completeness_and_entry_pages_mark_a_default_due_date(login, alice, office):
    q3 = period(2026, 3)
    assert LABEL in page(login(alice), reverse("reporting:todo"))
    assert LABEL in page(login(office), reverse("reporting:completeness"))
    entry = (
        reverse("reporting:figure", args=["2026Q3", "2.1", "market"]),
        reverse("reporting:task-report", args=["2026Q3", 1, "market"]),
    )
    for url in entry:  # the entry pages say when the item is due, and whose date that is
        assert LABEL in page(login(alice), url), url
    confirm(Period.objects.all(), user=office)
    html = page(login(alice), reverse("reporting:todo"))
    assert f"{q3.due_date:%Y-%m-%d}" in html and LABEL not in html
    for url in entry:
        html = page(login(alice), url)
        assert f"{q3.due_date:%Y-%m-%d}" in html and LABEL not in html, url


def test_the_bureau_dashboard_marks_a_default_due_date(login, alice, office, monkeypatch):
    """R4.3: the bureau dashboard's to-dos give the due date (2026Q4: 01-10) with the label."""
    monkeypatch.setattr(
        "django.utils.timezone.localdate", lambda *a, **k: datetime.date(2026, 12, 2)
    )
    period(2026, 3)
    q4 = period(2026, 4)

    def todos() -> str:
        html = page(login(alice), reverse("reports:bureau"))
        start = html.index('id="todos"')
        return html[start : html.index("</ul>", start)]

    due = todos()
    assert "01-10" in due and LABEL in due
    confirm([q4], user=office)
    due = todos()
    assert "01-10" in due and LABEL not in due


def test_the_reports_carry_a_note_of_the_defaults(login, office):
    """R4.3 worked example: nothing confirmed, the report names what is a default and how many:
    71 loaded owners, 24 indicators with a reporting bureau or baseline (the 15 targets and
    inputs, 2.3.1 too, and the 9 clauses of the 总体目标, R3.7), 6 weights, 1 period and the
    status thresholds."""
    period(2026, 3)
    criteria()  # the six seeded weights, again if a transactional test flushed them
    note = (
        f"{LABEL}：任务分工 71 项、报送单位与基期 24 项、报送截止日期 1 项、考核权重 6 项、"
        "状态阈值 1 项"
    )
    client = login(office)
    assert note in page(client, reverse("report:preview", args=["2026Q3"]))
    xlsx = download(client, reverse("report:download", args=["2026Q3", "xlsx"]))
    summary = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    assert note in [c.value for row in summary.iter_rows() for c in row]
    pdf = download(client, reverse("report:download", args=["2026Q3", "pdf"]))
    assert squeeze(note) in squeeze(pdf_text(pdf))

    confirm(AssessmentCriterion.objects.all(), user=office)
    html = page(client, reverse("report:preview", args=["2026Q3"]))
    assert "考核权重" not in html[html.index('id="defaults-note"') :][:400]
