"""A circular (通报) exports to a Word document the office can edit, and to PDF; drafts stay with
the office and leaders."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from reports.models import Circular, CircularState
from tests.exports.report_data import pdf_text
from tests.targets.factories import period

pytestmark = pytest.mark.django_db

BODY = "各成员单位：\n\n现将2026年第三季度工作进展通报如下。\n一、总体情况良好。\n=不是公式"


@pytest.fixture
def circular(office):
    return Circular.objects.create(
        period=period(2026, 3),
        title="关于2026年第三季度知识产权工作进展的通报",
        body=BODY,
        created_by=office,
    )


def test_it_writes_an_editable_word_document(login, office, circular):
    response = login(office).get(reverse("report:circular-download", args=[circular.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == circular.title
    assert texts[1:5] == [
        "各成员单位：",
        "现将2026年第三季度工作进展通报如下。",
        "一、总体情况良好。",
        "=不是公式",
    ]
    east_asian = (
        document.paragraphs[1]
        .runs[0]
        ._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
    )
    assert east_asian == "仿宋"


def test_it_prints_the_circular_to_pdf(login, leader, circular):
    response = login(leader).get(reverse("report:circular-download", args=[circular.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = "".join(pdf_text(response.content).split())
    assert "关于2026年第三季度知识产权工作进展的通报" in text and "一、总体情况良好。" in text


def test_it_keeps_a_draft_from_bureau_staff_until_published(client, login, alice, circular):
    url = reverse("report:circular-download", args=[circular.pk, "docx"])
    assert client.get(url).status_code == 302
    staff = login(alice)
    assert staff.get(url).status_code == 404
    circular.state, circular.published_at = CircularState.PUBLISHED, timezone.now()
    circular.save()
    assert staff.get(url).status_code == 200
