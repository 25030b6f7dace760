"""Supervision in Chromium: the office records an inspection finding, the bureau reports progress
with evidence and reports it done, the office signs it off."""

import datetime

import pytest
from django.utils import timezone

from tasks_registry.models import SupervisionItem, SupervisionStatus
from tests.e2e.conftest import nav, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def logout(page):
    page.click("form[action$='/logout/'] button")
    page.wait_for_load_state()


def test_inspection_finding_to_sign_off(page, browser_login, alice, bob, office, tmp_path):
    evidence = tmp_path / "整改照片.pdf"
    evidence.write_bytes(PDF)
    deadline = timezone.localdate() + datetime.timedelta(days=14)

    # Office: record an inspection finding for 区市场监管局 with 区科技局 co-operating.
    browser_login(office)
    nav(page, "a[href='/programme/supervision/']")
    page.click("#new-inspection")
    page.fill("input[name=date]", f"{timezone.localdate():%Y-%m-%d}")
    page.select_option("select[name=bureau]", label="区市场监管局（区知识产权局）")
    page.fill("input[name=inspectors]", "领导小组办公室督查组")
    page.fill("textarea[name=findings]", "专利行政裁决案卷材料不齐全，部分文书未归档。")
    page.fill("input[name=title]", "规范专利行政裁决案卷管理")
    page.select_option("select[name=lead_bureau]", label="区市场监管局（区知识产权局）")
    page.select_option("select[name=cooperating]", label="区科技局")
    page.fill("input[name=deadline]", f"{deadline:%Y-%m-%d}")
    page.select_option("select[name=urgency]", "urgent")
    screenshot(page, "supervision-new-finding")
    page.click("#supervision-form button[type=submit]")
    page.wait_for_url("**/programme/supervision/*/")
    item = SupervisionItem.objects.get()
    assert page.locator("#remaining-days").inner_text().startswith("14")
    assert "领导小组办公室督查组" in page.locator("#source-box").inner_text()
    screenshot(page, "supervision-item-office")

    # Bureau: the item is in its list with the days left; report progress with evidence, done.
    logout(page)
    browser_login(alice)
    assert page.locator("#unread-count").inner_text() == "1"
    nav(page, "a[href='/programme/supervision/']")
    row = page.locator(f".supervision-row[data-pk='{item.pk}']")
    assert "14" in row.locator(".remaining").inner_text()
    row.locator("a").first.click()
    page.fill("textarea[name=text]", "已补齐全部案卷材料并完成归档，附整改照片。")
    page.set_input_files("input[name=evidence]", str(evidence))
    page.check("input[name=reports_done]")
    page.click("#update-form button[value=update]")
    page.wait_for_load_state()
    assert "整改照片.pdf" in page.locator("#updates").inner_text()
    item.refresh_from_db()
    assert item.status == SupervisionStatus.DONE
    screenshot(page, "supervision-progress-bureau")

    # Office: sign it off.
    logout(page)
    browser_login(office)
    page.goto(item.get_absolute_url())
    page.fill("#sign-off-comment", "整改到位，同意销号。")
    page.click("#sign-off-box button[value=sign_off]")
    page.wait_for_load_state()
    assert page.locator("#sign-off").is_visible()
    item.refresh_from_db()
    assert item.is_signed_off and item.done_on_time()
    screenshot(page, "supervision-signed-off")

    # The list shows it signed off.
    page.goto("/programme/supervision/")
    status = page.locator(f".supervision-row[data-pk='{item.pk}'] .supervision-status")
    assert status.get_attribute("data-status") == "signed_off"
    screenshot(page, "supervision-list-office")


def test_a_leader_traces_a_score_to_its_records(page, browser_login, leader, alice, office):
    from reports.models import AssessmentAdjustment
    from tasks_registry.models import Activity, ActivityKind, AudienceKind

    year = timezone.localdate().year
    for day in (3, 4):
        Activity.objects.create(
            kind=ActivityKind.EVENT,
            title=f"知识产权宣传进企业（{day}）",
            date=datetime.date(year, 4, day),
            bureau=alice.bureau,
            audience=AudienceKind.ENTERPRISES,
            person_times=80,
            created_by=alice,
            # R6: an activity counts with evidence or the office's confirmation.
            office_confirmed_by=office,
            office_confirmed_at=timezone.now(),
        )
    AssessmentAdjustment.objects.create(
        year=year, bureau=alice.bureau, points=2, reason="获评市级示范", author=office
    )
    browser_login(leader)
    nav(page, "a[href='/assessment/']")
    assert page.locator("#ranking .ranking-row").count() >= 18
    screenshot(page, "supervision-assessment")
    page.click(".ranking-row[data-bureau='market'] a.score[data-criterion='activities']")
    page.wait_for_url("**/assessment/*/market/#activities")
    records = page.locator("#activities .record")
    assert records.count() == 2
    assert "获评市级示范" in page.locator("#adjustments").inner_text()
    assert page.locator("#adjustment-form").count() == 0  # leaders read only
    screenshot(page, "supervision-assessment-bureau")


def test_staff_record_an_activity_and_read_a_published_circular(
    page, browser_login, alice, office, tmp_path
):
    from reports import circular
    from targets.periods import ensure_period, running_quarter

    photo = tmp_path / "现场照片.pdf"
    photo.write_bytes(PDF)
    browser_login(alice)
    nav(page, "a[href='/programme/activities/']")
    page.click("#new-activity")
    page.select_option("select[name=kind]", "training")
    page.fill("input[name=title]", "企业知识产权合规培训")
    page.fill("input[name=date]", f"{timezone.localdate():%Y-%m-%d}")
    page.select_option("select[name=audience]", "enterprises")
    page.fill("input[name=person_times]", "160")
    page.fill("input[name=place]", "区政务服务中心")
    page.set_input_files("input[name=evidence]", str(photo))
    screenshot(page, "supervision-activity-form")
    page.click("#activity-form button[value=save]")
    page.wait_for_url("**/programme/activities/*/")
    assert "现场照片.pdf" in page.locator("#evidence-list").inner_text()
    nav(page, "a[href='/programme/activities/']")
    assert page.locator("#total-person-times").inner_text() == "160"
    screenshot(page, "supervision-activity-list")

    draft = circular.circular_draft(period=ensure_period(*running_quarter()), user=office)
    circular.circular_publish(circular=draft, user=office)
    nav(page, "a[href='/assessment/circulars/']")
    page.click(".circular-row a")
    assert "企业知识产权合规培训" in page.locator("#circular-body").inner_text()
    screenshot(page, "supervision-circular")
