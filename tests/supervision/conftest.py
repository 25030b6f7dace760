"""Hand-built supervision items and activities for the supervision tests."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bureaus.models import Bureau
from tasks_registry import supervision
from tasks_registry.models import Activity, ActivityKind, AudienceKind

# Services stamp real times (reported done, signed off): deadlines are set around today.
TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "整改报告.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def activity(
    bureau: Bureau, user, *, kind=ActivityKind.TRAINING, date=TODAY, person_times=0, title="培训"
):
    return Activity.objects.create(
        kind=kind,
        title=title,
        date=date,
        bureau=bureau,
        audience=AudienceKind.ENTERPRISES,
        person_times=person_times,
        created_by=user,
    )


@pytest.fixture
def finding(office, market, science, alice, bob):
    """An inspection finding for 区市场监管局 (lead) with 区科技局 co-operating, due in 10 days."""
    return supervision.inspection_finding_record(
        user=office,
        date=TODAY - datetime.timedelta(days=5),
        bureau=market,
        inspectors="督查组",
        findings="案卷不规范",
        title="案卷整改",
        lead_bureau=market,
        cooperating=[science],
        deadline=TODAY + datetime.timedelta(days=10),
    )
