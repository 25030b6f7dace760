"""Supervision items from every source; deadlines, overdue flags, remaining days; sign-off."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from notifications.models import Notification
from targets.models import Period
from tasks_registry import supervision
from tasks_registry.models import (
    OVERDUE,
    Inspection,
    JointMeeting,
    KeyTask,
    SupervisionItem,
    SupervisionSource,
    SupervisionStatus,
    TaskReport,
)
from tasks_registry.supervision_selectors import overdue_supervision_items, problems_to_raise
from workflow.models import SubmissionState
from workflow.services import WorkflowError

from .conftest import TODAY, pdf

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_it_records_an_inspection_finding_and_notifies_the_bureaus(finding, alice, bob, market):
    assert finding.source == SupervisionSource.INSPECTION
    inspection = finding.source_record
    assert isinstance(inspection, Inspection)
    assert (inspection.bureau, inspection.inspectors, inspection.findings) == (
        market,
        "督查组",
        "案卷不规范",
    )
    assert finding.lead_bureau == market
    assert finding.status == SupervisionStatus.OPEN
    # Both the lead and the co-operating bureau hear of it.
    assert Notification.objects.filter(user=alice, url=finding.get_absolute_url()).exists()
    assert Notification.objects.filter(user=bob, url=finding.get_absolute_url()).exists()


def test_it_records_a_joint_meeting_decision(office, science):
    item = supervision.meeting_decision_record(
        user=office,
        date=TODAY,
        meeting_title="第一次联席会议",
        attendees="各成员单位",
        decisions="建立重大事项通报制度",
        title="重大事项通报制度",
        lead_bureau=science,
        deadline=TODAY + 30 * DAY,
    )
    assert item.source == SupervisionSource.JOINT_MEETING
    assert isinstance(item.source_record, JointMeeting)
    assert item.source_record.decisions == "建立重大事项通报制度"


def test_it_takes_up_a_problem_raised_in_a_task_report(office, alice):
    period = Period.objects.create(year=2026, quarter=1, due_date=datetime.date(2026, 4, 10))
    report = TaskReport.objects.create(
        task=KeyTask.objects.get(number=1),
        bureau=alice.bureau,
        period=period,
        work_done="x",
        problems="联席会议成员单位参会不齐",
        state=SubmissionState.SUBMITTED,
    )
    assert problems_to_raise() == [report]
    item = supervision.reported_problem_raise(user=office, report=report, deadline=TODAY)
    assert item.source == SupervisionSource.REPORTED_PROBLEM
    assert item.source_record == report
    assert (item.lead_bureau, item.description) == (alice.bureau, "联席会议成员单位参会不齐")
    assert item.source_type == ContentType.objects.get_for_model(TaskReport)
    assert problems_to_raise() == []  # taken up once only


def test_only_the_office_records_items(alice, leader, market):
    for user in (alice, leader):
        with pytest.raises(WorkflowError) as error:
            supervision.inspection_finding_record(
                user=user,
                date=TODAY,
                bureau=market,
                inspectors="x",
                findings="x",
                title="x",
                deadline=TODAY,
            )
        assert error.value.message == str(supervision.OFFICE_ONLY)
    assert not SupervisionItem.objects.exists()


def test_it_counts_remaining_days_and_flags_overdue_items(finding):
    deadline = finding.deadline
    assert finding.remaining_days(deadline - 3 * DAY) == 3
    assert not finding.is_overdue(deadline)  # the deadline day itself is still in time
    assert finding.is_overdue(deadline + DAY)
    assert finding.remaining_days(deadline + 2 * DAY) == -2
    assert finding.display_status(deadline + DAY) == OVERDUE
    assert overdue_supervision_items(deadline) == []
    late = overdue_supervision_items(deadline + 2 * DAY)
    assert late == [finding] and late[0].days_overdue == 2


def test_a_done_item_is_never_overdue(finding, alice):
    supervision.update_add(item=finding, user=alice, text="已整改", reports_done=True)
    finding.refresh_from_db()
    assert not finding.is_overdue(finding.deadline + 100 * DAY)
    assert overdue_supervision_items(finding.deadline + 100 * DAY) == []


def test_the_bureaus_overdue_list_holds_what_it_leads_or_co_operates_on(finding, bob, office):
    later = finding.deadline + DAY
    assert overdue_supervision_items(later, bureau_id=bob.bureau_id) == [finding]
    assert overdue_supervision_items(later, bureau_id=office.bureau_id) == [finding]
    other = KeyTask.objects.get(number=2).ownerships.exclude(bureau__in=[bob.bureau_id])
    assert overdue_supervision_items(later, bureau_id=other.first().bureau_id + 999) == []


def test_progress_updates_carry_evidence_and_move_the_status(finding, alice, bob, office):
    update = supervision.update_add(
        item=finding, user=bob, text="配合提供材料", uploads=[(pdf(), "application/pdf")]
    )
    finding.refresh_from_db()
    assert finding.status == SupervisionStatus.IN_PROGRESS
    assert [e.original_name for e in update.evidence.all()] == ["整改报告.pdf"]
    assert Notification.objects.filter(user=office, title__contains=finding.title).exists()
    # Only the lead bureau reports the item done.
    with pytest.raises(WorkflowError) as error:
        supervision.update_add(item=finding, user=bob, text="完成", reports_done=True)
    assert error.value.message == str(supervision.LEAD_ONLY_DONE)
    supervision.update_add(item=finding, user=alice, text="整改完成", reports_done=True)
    finding.refresh_from_db()
    assert finding.status == SupervisionStatus.DONE and finding.completed_at is not None


def test_an_outsider_cannot_report_progress(finding, office, leader):
    from bureaus.models import Bureau, Role
    from tests.conftest import make_user

    outsider = make_user("carol", Role.STAFF, Bureau.objects.get(code="finance"))
    for user in (outsider, office, leader):
        with pytest.raises(WorkflowError) as error:
            supervision.update_add(item=finding, user=user, text="x")
        assert error.value.message == str(supervision.NOT_OWNER)


def test_the_office_signs_off_a_done_item(finding, alice, office):
    with pytest.raises(WorkflowError) as error:
        supervision.item_sign_off(item=finding, user=office)
    assert error.value.message == str(supervision.NOT_DONE)
    supervision.update_add(item=finding, user=alice, text="整改完成", reports_done=True)
    with pytest.raises(WorkflowError):
        supervision.item_sign_off(item=finding, user=alice)  # not the bureau's to close
    supervision.item_sign_off(item=finding, user=office, comment="同意销号")
    finding.refresh_from_db()
    assert finding.is_signed_off and finding.signed_off_by == office
    assert finding.done_on_time()
    assert Notification.objects.filter(user=alice, title__contains="案卷整改").count() >= 2
    # Closed: no more updates, no second sign-off.
    with pytest.raises(WorkflowError) as error:
        supervision.update_add(item=finding, user=alice, text="补充")
    assert error.value.message == str(supervision.SIGNED_OFF)


def test_the_office_sends_back_an_item_with_a_reason(finding, alice, office):
    supervision.update_add(item=finding, user=alice, text="整改完成", reports_done=True)
    with pytest.raises(WorkflowError) as error:
        supervision.item_send_back(item=finding, user=office, comment=" ")
    assert error.value.message == str(supervision.REASON_REQUIRED)
    supervision.item_send_back(item=finding, user=office, comment="缺少整改照片")
    finding.refresh_from_db()
    assert finding.status == SupervisionStatus.IN_PROGRESS
    assert finding.completed_at is None and not finding.is_signed_off


def test_an_item_done_after_its_deadline_is_not_done_on_time(finding, alice, office):
    supervision.update_add(item=finding, user=alice, text="完成", reports_done=True)
    SupervisionItem.objects.filter(pk=finding.pk).update(deadline=datetime.date(2020, 1, 1))
    finding.refresh_from_db()
    supervision.item_sign_off(item=finding, user=office)
    finding.refresh_from_db()
    assert finding.is_signed_off and not finding.done_on_time()
