"""Rulebook R8.5: a period's report lists the supervision items open on its as-of date, with
that day's status and days overdue, whatever happened to them afterwards."""

import datetime

import pytest
from django.utils import timezone

from reports.assembly import assemble_report
from tasks_registry import supervision
from tasks_registry.models import SupervisionItem, SupervisionUpdate
from tests.targets.factories import period

MADE_ON = datetime.date(2026, 12, 2)


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def item(office, title: str, *, created: datetime.date, deadline: datetime.date):
    made = supervision.inspection_finding_record(
        user=office,
        date=created,
        bureau=office.bureau,
        findings=title,
        title=title,
        deadline=deadline,
    )
    SupervisionItem.objects.filter(pk=made.pk).update(created_at=at(created))
    return made


def dated_last_update(day: datetime.date) -> None:
    SupervisionUpdate.objects.filter(pk=SupervisionUpdate.objects.latest("id").pk).update(
        created_at=at(day)
    )


@pytest.fixture
def the_example(office, alice):
    """The worked example of R8.5, as it stands on 2 December 2026."""
    for quarter in (1, 2, 3, 4):
        period(2026, quarter)
    a = item(office, "A", created=datetime.date(2026, 8, 1), deadline=datetime.date(2026, 9, 15))
    supervision.update_add(item=a, user=alice, text="整改完成", reports_done=True)
    dated_last_update(datetime.date(2026, 10, 20))
    item(office, "B", created=datetime.date(2026, 10, 15), deadline=datetime.date(2026, 12, 31))
    c = item(office, "C", created=datetime.date(2026, 7, 1), deadline=datetime.date(2026, 9, 30))
    supervision.update_add(item=c, user=alice, text="已整改", reports_done=True)
    dated_last_update(datetime.date(2026, 9, 10))
    d = item(office, "D", created=datetime.date(2026, 7, 1), deadline=datetime.date(2026, 12, 31))
    supervision.update_add(item=d, user=alice, text="已整改", reports_done=True)
    dated_last_update(datetime.date(2026, 9, 1))
    supervision.item_send_back(item=d, user=office, comment="缺少整改照片")
    dated_last_update(datetime.date(2026, 9, 20))


def problems(code: str):
    report = assemble_report(code, today=MADE_ON)
    section = next(s for s in report.sections if s.key == "supervision")
    return section, {row[0]: (row[4], row[5]) for row in section.rows}


def test_the_third_quarters_report_lists_what_was_open_on_30_september(the_example):
    section, rows = problems("2026Q3")
    assert rows == {"A": ("已逾期", 15), "D": ("办理中", 0)}
    assert "2026-09-30" in section.note


def test_the_running_years_report_lists_what_is_open_on_the_day_it_is_made(the_example):
    # On 2 December: A and C are reported done, D was sent back and is in progress, B is open.
    _, rows = problems("2026")
    assert rows == {"B": ("待办理", 0), "D": ("办理中", 0)}


def test_sending_an_item_back_is_kept_as_an_update_of_the_office(the_example, office):
    sent_back = SupervisionUpdate.objects.get(sends_back=True)
    assert (sent_back.item.title, sent_back.author, sent_back.text) == ("D", office, "缺少整改照片")
    assert not sent_back.reports_done
