"""The report pages: who may open them, downloads kept in the history, re-downloads identical."""

# The shared fixtures (tests/exports/report_data.py) are imported, then named as parameters.
# ruff: noqa: F811

import hashlib

import pytest
from django.urls import reverse

from bureaus.navigation import nav_for
from exports.models import GeneratedReport
from tests.exports.report_data import media, pinned_today, report_data  # noqa: F401

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_it_shows_the_preview_with_both_buttons_to_the_office_and_leaders(
    login, office, leader, report_data
):
    for user in (office, leader):
        response = login(user).get(reverse("report:preview", args=["2026Q3"]))
        assert response.status_code == 200
        html = response.content.decode()
        assert reverse("report:download", args=["2026Q3", "pdf"]) in html
        assert reverse("report:download", args=["2026Q3", "xlsx"]) in html
        assert 'data-code="2.1"' in html and "<svg" in html


def test_it_refuses_the_reports_to_bureau_staff_and_anonymous(client, login, alice, report_data):
    for url in (
        reverse("report:index"),
        reverse("report:preview", args=["2026Q3"]),
        reverse("report:history"),
    ):
        assert client.get(url).status_code == 302
    staff = login(alice)
    assert staff.get(reverse("report:preview", args=["2026Q3"])).status_code == 403
    assert staff.post(reverse("report:download", args=["2026Q3", "pdf"])).status_code == 403
    assert not GeneratedReport.objects.exists()


def test_it_offers_reports_in_the_navigation_to_the_office_and_leaders(office, leader, alice):
    assert "report:index" in [i.url_name for i in nav_for(office)]
    assert "report:index" in [i.url_name for i in nav_for(leader)]
    assert "report:index" not in [i.url_name for i in nav_for(alice)]


def test_it_answers_404_for_a_period_without_data(login, office, report_data):
    assert login(office).get(reverse("report:preview", args=["2031Q1"])).status_code == 404


def test_it_stores_a_download_and_serves_it_with_a_chinese_filename(login, office, report_data):
    response = login(office).post(reverse("report:download", args=["2026Q3", "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert "%E8%AF%84%E4%BC%B0%E6%8A%A5%E5%91%8A" in response["Content-Disposition"]  # 评估报告
    content = _body(response)
    assert content.startswith(b"%PDF")
    stored = GeneratedReport.objects.get()
    assert stored.created_by == office and stored.period_code == "2026Q3"
    assert stored.kind == "quarterly" and stored.format == "pdf"
    assert stored.data_version == report_data["run"].pk
    assert stored.sha256 == hashlib.sha256(content).hexdigest()


def test_it_re_downloads_a_stored_report_byte_for_byte(login, office, leader, report_data):
    client = login(office)
    first = _body(client.post(reverse("report:download", args=["2026Q3", "xlsx"])))
    stored = GeneratedReport.objects.get()
    # New data and a new run afterwards do not change the kept report.
    from tests.targets.factories import compute, figure

    figure(report_data["patents"], 2026, 4, 850)
    compute()
    history = client.get(reverse("report:history"))
    assert reverse("report:stored", args=[stored.pk]) in history.content.decode()
    again = _body(login(leader).get(reverse("report:stored", args=[stored.pk])))
    assert again == first
    assert hashlib.sha256(again).hexdigest() == stored.sha256


def test_it_does_not_serve_the_stored_file_by_any_media_url(login, office, report_data):
    login(office).post(reverse("report:download", args=["2026Q3", "pdf"]))
    stored = GeneratedReport.objects.get()
    with pytest.raises(ValueError):
        stored.file.url  # noqa: B018


def test_it_lists_quarters_and_years_on_the_index(login, office, report_data):
    response = login(office).get(reverse("report:index"))
    html = response.content.decode()
    assert 'value="2026Q3"' in html and 'value="2026"' in html
    assert reverse("exports:list", args=["figures", "2026Q3"]) in html
    assert login(office).get(reverse("report:index") + "?period=2026").url == reverse(
        "report:preview", args=["2026"]
    )
