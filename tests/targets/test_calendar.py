"""The one calendar (docs/rules.md R1): open, begun and ended periods, "as of", and no read that
creates a period."""

import datetime

import pytest
from django.urls import reverse

from targets import periods
from targets.models import Period
from targets.tasks import compute_progress

DEC_2 = datetime.date(2026, 12, 2)


def test_it_names_the_reporting_and_running_quarters():
    """R1.1: on 2 Dec 2026 bureaus report 2026Q3; 2026Q4 is running."""
    assert periods.reporting_quarter(DEC_2) == (2026, 3)
    assert periods.running_quarter(DEC_2) == (2026, 4)
    assert periods.open_quarters(datetime.date(2027, 1, 5)) == [(2026, 4), (2027, 1)]


def test_it_dates_a_period_as_of_its_end_or_today():
    """R1.2, R1.3: 2026Q3 has ended and stands as of 30 Sep; 2026Q4 runs, as of today."""
    q3, q4 = Period(year=2026, quarter=3), Period(year=2026, quarter=4)
    assert periods.has_ended(q3, DEC_2) and not periods.has_ended(q4, DEC_2)
    assert periods.as_of(q3, DEC_2) == datetime.date(2026, 9, 30)
    assert periods.as_of(q4, DEC_2) == DEC_2
    assert periods.has_ended(q4, datetime.date(2027, 1, 1))


@pytest.mark.parametrize(
    "name",
    ["reporting:figure", "reporting:task-report", "reporting:figures-template", "import-figures"],
)
def test_a_get_of_an_unknown_period_is_404_and_creates_nothing(client, alice, name):
    """R1.4: a typed URL for 2001Q1 is a 404 and leaves no 2001Q1 behind."""
    client.force_login(alice)
    args = {
        "reporting:figure": ["2001Q1", "2.1", "market"],
        "reporting:task-report": ["2001Q1", 1, "market"],
    }.get(name, ["2001Q1"])
    url = reverse(name if ":" in name else f"reporting:{name}", args=args)
    assert client.get(url).status_code == 404
    assert not Period.objects.filter(year=2001).exists()


def test_pages_that_list_periods_create_none(client, alice, office):
    """R1.4: the to-do, the completeness page and the dashboards only read the calendar."""
    client.force_login(alice)
    assert client.get(reverse("reporting:todo")).status_code == 200
    assert client.get(reverse("reports:bureau")).status_code == 200
    client.force_login(office)
    assert client.get(reverse("reporting:completeness")).status_code == 200
    assert client.get(reverse("reports:dashboard")).status_code == 200
    assert not Period.objects.exists()


def test_a_write_creates_its_period(client, alice):
    """R1.4: saving a figure for an open quarter creates that quarter with the default due date."""
    client.force_login(alice)
    url = reverse("reporting:figure", args=["2026Q3", "2.1", "market"])
    response = client.post(url, {"value": "800", "version": "0", "action": "save"})
    assert response.status_code == 302
    assert Period.objects.get(year=2026, quarter=3).due_date == datetime.date(2026, 10, 10)


def test_the_nightly_job_opens_the_reporting_and_running_quarters(db, monkeypatch):
    """R1.4: the calendar's own job creates the open quarters."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: DEC_2)
    compute_progress()
    assert [str(p) for p in Period.objects.all()] == ["2026Q3", "2026Q4"]
