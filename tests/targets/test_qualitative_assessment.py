"""Qualitative targets are assessed by the office per period; until then they are 待评估, never a
failure (docs/rules.md R3.6)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from targets.models import Period, TargetAssessment

from .factories import compute, period

DEC_2 = datetime.date(2026, 12, 2)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def q3(monkeypatch, db) -> Period:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DEC_2)
    q3 = period(2026, 3)
    period(2026, 4)
    compute(today=DEC_2)
    return q3


def card_of(client, code: str) -> str:
    page = client.get(reverse("reports:dashboard")).content.decode()
    card = page[page.index(f'data-code="{code}"') :]
    return card[: card.index("</a>")]


def assess(client, q3, verdict="achieved", code="1.1"):
    return client.post(
        reverse("targets:assess", args=[code]),
        {
            "period": q3.pk,
            "verdict": verdict,
            "narrative": "出台《知识产权资助办法》等5项制度",
            "evidence": SimpleUploadedFile("办法.pdf", PDF, content_type="application/pdf"),
        },
    )


def test_an_unassessed_target_is_pending_and_not_counted(client, office, q3):
    """R3.6 worked example, before: 1.1 shows 待评估 and is no item of 区市场监管局's
    indicator criterion (not "0 earned")."""
    client.force_login(office)
    assert 'data-status="pending"' in card_of(client, "1.1")
    page = client.get(
        reverse("assessment:assessment-bureau", args=[2026, "market"]),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert "1.1 知识产权政策体系" not in page


def test_the_office_assesses_a_target_for_a_period_with_evidence(client, office, q3):
    """R3.6 worked example, after: the office's 已达成 for 2026Q3 with a PDF is the official
    status of 1.1, shown with its narrative and file, and counts for 区市场监管局."""
    client.force_login(office)
    assert assess(client, q3).status_code == 302
    assessment = TargetAssessment.objects.get(indicator__code="1.1", period=q3)
    assert (assessment.verdict, assessment.evidence.count()) == ("achieved", 1)
    assert 'data-status="achieved"' in card_of(client, "1.1")
    detail = client.get(
        reverse("reports:indicator", args=["1.1"]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    assert "已达成" in detail and "办法.pdf" in detail
    page = client.get(reverse("assessment:assessment-bureau", args=[2026, "market"])).content
    assert "1.1 知识产权政策体系" in page.decode()


def test_a_revised_assessment_replaces_the_periods_verdict(client, office, q3):
    client.force_login(office)
    assess(client, q3)
    assess(client, q3, verdict="largely")
    assert TargetAssessment.objects.get(indicator__code="1.1").verdict == "largely"
    assert 'data-status="largely"' in card_of(client, "1.1")


def test_bad_input_is_refused(client, office, q3):
    client.force_login(office)
    assert assess(client, q3, verdict="perfect").status_code == 400
    assert assess(client, q3, code="2.1").status_code == 404  # not a qualitative target
    assert not TargetAssessment.objects.exists()


def test_only_the_office_assesses(client, alice, leader, q3):
    for user in (alice, leader):
        client.force_login(user)
        assert assess(client, q3).status_code == 403
    assert not TargetAssessment.objects.exists()
