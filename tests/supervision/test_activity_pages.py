"""The activities register's pages: own-bureau writes, scoping, Excel export, query counts."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tasks_registry.models import Activity, ActivityKind

from .conftest import activity, pdf

pytestmark = pytest.mark.django_db

LIST = reverse("tasks_registry:activity-list")
NEW = reverse("tasks_registry:activity-new")


def form(**fields):
    data = {
        "kind": ActivityKind.TRAINING,
        "title": "专利导航培训",
        "date": "2026-03-15",
        "audience": "enterprises",
        "person_times": "120",
        "place": "区会议中心",
        "summary": "",
    }
    return data | fields


def test_staff_record_an_activity_for_their_own_bureau(login, alice, bob, client):
    login(alice)
    # A bureau field sent by hand is ignored: staff record for their own bureau.
    response = client.post(NEW, form(bureau=bob.bureau_id, evidence=[pdf("签到表.pdf")]))
    assert response.status_code == 302
    record = Activity.objects.get()
    assert (record.bureau, record.created_by, record.person_times) == (alice.bureau, alice, 120)
    assert record.evidence.get().original_name == "签到表.pdf"


def test_attendance_cannot_be_negative(login, alice, client):
    login(alice)
    assert client.post(NEW, form(person_times="-5")).status_code == 400
    assert not Activity.objects.exists()


def test_the_office_records_for_any_bureau(login, office, science, client):
    login(office)
    response = client.post(NEW, form(bureau=science.pk))
    assert response.status_code == 302
    assert Activity.objects.get().bureau == science


def test_staff_of_another_bureau_get_a_404(login, alice, bob, client):
    record = activity(alice.bureau, alice, title="甲的活动")
    login(bob)
    assert client.get(record.get_absolute_url()).status_code == 404
    edit = reverse("tasks_registry:activity-edit", args=[record.pk])
    assert client.post(edit, form(title="改")).status_code == 404
    assert "甲的活动" not in client.get(LIST).content.decode()
    record.refresh_from_db()
    assert record.title == "甲的活动"


def test_the_list_totals_events_and_person_times(login, office, alice, client):
    year = timezone.localdate().year
    activity(alice.bureau, alice, date=datetime.date(year, 1, 5), person_times=300)
    activity(
        alice.bureau,
        alice,
        date=datetime.date(year, 2, 5),
        kind=ActivityKind.EVENT,
        person_times=800,
    )
    activity(alice.bureau, alice, date=datetime.date(year - 1, 2, 5), person_times=999)
    login(office)
    context = client.get(LIST).context
    assert context["totals"] == {"events": 1, "trainings": 1, "person_times": 300}


def test_the_excel_export_holds_the_filtered_rows(login, alice, client):
    year = timezone.localdate().year
    activity(
        alice.bureau, alice, date=datetime.date(year, 1, 5), person_times=30, title="=HYPERLINK(1)"
    )
    activity(alice.bureau, alice, date=datetime.date(year, 1, 6), kind=ActivityKind.EVENT)
    login(alice)
    response = client.get(reverse("tasks_registry:activity-export") + "?kind=training")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    assert rows[0][2] == "=HYPERLINK(1)" and sheet.cell(2, 3).data_type == "s"
    assert rows[0][0] == datetime.datetime(year, 1, 5) and rows[0][6] == 30  # a date, a number


def test_the_lists_query_count_does_not_grow(login, alice, client, django_assert_max_num_queries):
    login(alice)
    activity(alice.bureau, alice)
    with django_assert_max_num_queries(40) as few:
        client.get(LIST)
    for i in range(10):
        activity(alice.bureau, alice, title=f"活动 {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LIST)


def test_a_stale_save_is_refused_and_keeps_the_input(alice, office):
    """R10.1: the clerk and the office open one activity; the office saves first; the clerk's
    save from the older version is refused with the figures' message, then succeeds after a
    reload."""
    from django.test import Client

    record = activity(alice.bureau, alice, title="专利导航培训")
    edit = reverse("tasks_registry:activity-edit", args=[record.pk])
    clerk, desk = Client(), Client()
    clerk.force_login(alice)
    desk.force_login(office)
    for client in (clerk, desk):
        assert 'name="version" value="1"' in client.get(edit).content.decode()

    saved = desk.post(edit, form(title="专利导航专题培训", bureau=alice.bureau_id, version=1))
    assert saved.status_code == 302
    refused = clerk.post(edit, form(title="知识产权培训", person_times="150", version=1))
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "请刷新页面" in html and "知识产权培训" in html and 'value="150"' in html
    record.refresh_from_db()
    assert (record.title, record.version) == ("专利导航专题培训", 2)

    assert 'name="version" value="2"' in clerk.get(edit).content.decode()
    assert clerk.post(edit, form(title="知识产权培训", version=2)).status_code == 302
    record.refresh_from_db()
    assert (record.title, record.version) == ("知识产权培训", 3)
