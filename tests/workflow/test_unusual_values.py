"""R2.5: a value far from the median of the three latest approved values, or a stock that
falls, needs an explanation; the warning names the reference and is shown once."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from targets.models import Figure, Indicator, Period
from targets.validation import unusual_value_reason
from workflow.models import SubmissionState

pytestmark = pytest.mark.django_db

FAR = "数值与本单位最近三次审核通过数值的中位数（810）相差3倍以上。"

# 2024Q4–2026Q2, oldest first (docs/rules.md R2.5)
HISTORY = [(2024, 4, 200), (2025, 1, 300), (2025, 2, 400), (2025, 3, 659), (2025, 4, 795)]
HISTORY += [(2026, 1, 810), (2026, 2, 824)]


@pytest.fixture
def figure(alice):
    patents = Indicator.objects.get(code="2.1")
    for year, quarter, value in HISTORY:
        Figure.objects.create(
            indicator=patents,
            bureau=alice.bureau,
            period=Period.objects.create(
                year=year, quarter=quarter, due_date=datetime.date(year, 12, 31)
            ),
            value=Decimal(value),
            state=SubmissionState.APPROVED,
        )
    q3 = Period.objects.create(year=2026, quarter=3, due_date=datetime.date(2026, 10, 10))
    return Figure.objects.create(
        indicator=patents, bureau=alice.bureau, period=q3, value=Decimal("830")
    )


def test_the_reference_is_the_median_of_the_three_latest_approved_values(figure):
    figure.value = Decimal("2000")
    assert unusual_value_reason(figure) is None  # 2,000 ≤ 3 × 810; the old 659 said otherwise
    figure.value = Decimal("2500")
    assert unusual_value_reason(figure) == FAR
    figure.value = Decimal("800")
    assert "低于上次审核通过的数值（824）" in unusual_value_reason(figure)


def test_the_warning_is_shown_once_when_a_submission_is_refused(login, alice, figure):
    response = login(alice).post(
        reverse("reporting:figure", args=["2026Q3", "2.1", "market"]),
        {
            "value": "2500",
            "note": "",
            "explanation": "",
            "version": figure.version,
            "action": "submit",
        },
    )
    assert response.status_code == 400
    assert response.content.decode().count(FAR) == 1
    figure.refresh_from_db()
    assert figure.state == SubmissionState.DRAFT and figure.value == Decimal("2500")


def test_the_warning_is_shown_once_on_the_saved_draft(login, alice, figure):
    figure.value = Decimal("2500")
    figure.save()
    html = login(alice).get(figure.get_absolute_url()).content.decode()
    assert html.count(FAR) == 1
