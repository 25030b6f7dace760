"""The workflow: legal transitions are recorded and notify; illegal ones are refused."""

from decimal import Decimal

import pytest

from notifications.delivery import deliver
from notifications.models import Delivery, Notification
from workflow import services
from workflow.models import Action, SubmissionState, Transition
from workflow.services import WorkflowError, save_draft, transition

pytestmark = pytest.mark.django_db


def test_it_runs_the_whole_cycle_and_records_every_step(draft_figure, alice, office):
    transition(draft_figure, Action.SUBMIT, user=alice)
    transition(draft_figure, Action.RETURN, user=office, comment="请核对数据来源")
    save_draft(draft_figure, user=alice, data={"value": Decimal("810")})
    transition(draft_figure, Action.SUBMIT, user=alice)
    transition(draft_figure, Action.APPROVE, user=office)
    draft_figure.refresh_from_db()
    assert draft_figure.state == SubmissionState.APPROVED
    steps = list(
        Transition.objects.filter(object_id=draft_figure.pk).values_list(
            "action", "from_state", "to_state", "user__username", "comment"
        )
    )
    assert steps == [
        ("submit", "draft", "submitted", "alice", ""),
        ("return", "submitted", "returned", "office", "请核对数据来源"),
        ("submit", "returned", "submitted", "alice", ""),
        ("approve", "submitted", "approved", "office", ""),
    ]


def test_returning_notifies_the_bureau_at_once_with_the_comment(draft_figure, alice, office):
    transition(draft_figure, Action.SUBMIT, user=alice)
    assert Notification.objects.filter(user=office).count() == 1
    transition(draft_figure, Action.RETURN, user=office, comment="数值偏高")
    note = Notification.objects.get(user=alice)
    assert note.body == "数值偏高"
    assert note.url == draft_figure.get_absolute_url()
    assert "已退回" in note.title


@pytest.mark.parametrize(
    ("state", "action", "persona"),
    [
        ("draft", Action.APPROVE, "office"),
        ("draft", Action.RETURN, "office"),
        ("draft", Action.REOPEN, "office"),
        ("submitted", Action.SUBMIT, "alice"),
        ("approved", Action.SUBMIT, "alice"),
        ("approved", Action.APPROVE, "office"),
        ("approved", Action.RETURN, "office"),
        ("returned", Action.APPROVE, "office"),
    ],
)
def test_it_refuses_an_illegal_transition(request, draft_figure, state, action, persona):
    type(draft_figure).objects.filter(pk=draft_figure.pk).update(state=state)
    draft_figure.refresh_from_db()
    with pytest.raises(WorkflowError):
        transition(draft_figure, action, user=request.getfixturevalue(persona), comment="x")
    draft_figure.refresh_from_db()
    assert draft_figure.state == state
    assert not Transition.objects.exists()


def test_only_the_office_approves(draft_figure, alice, bob, leader):
    transition(draft_figure, Action.SUBMIT, user=alice)
    for user in (alice, bob, leader):
        with pytest.raises(WorkflowError) as refused:
            transition(draft_figure, Action.APPROVE, user=user)
        assert refused.value.code == "forbidden"


def test_only_the_bureau_edits_and_submits_its_items(draft_figure, bob, office, leader):
    for user in (bob, office, leader):
        with pytest.raises(WorkflowError, match=str(services.NOT_YOURS)):
            save_draft(draft_figure, user=user, data={"value": Decimal("1")})
        with pytest.raises(WorkflowError):
            transition(draft_figure, Action.SUBMIT, user=user)


def test_an_approved_figure_is_locked(draft_figure, alice, office):
    transition(draft_figure, Action.SUBMIT, user=alice)
    transition(draft_figure, Action.APPROVE, user=office)
    with pytest.raises(WorkflowError) as refused:
        save_draft(draft_figure, user=alice, data={"value": Decimal("1")})
    assert refused.value.code == "locked"
    draft_figure.refresh_from_db()
    assert draft_figure.value == Decimal("800")


def test_a_submitted_figure_cannot_be_edited_until_returned(draft_figure, alice):
    transition(draft_figure, Action.SUBMIT, user=alice)
    with pytest.raises(WorkflowError, match=str(services.NOT_EDITABLE)):
        save_draft(draft_figure, user=alice, data={"value": Decimal("1")})


def test_return_and_reopen_need_a_reason(draft_figure, alice, office):
    transition(draft_figure, Action.SUBMIT, user=alice)
    with pytest.raises(WorkflowError, match=str(services.COMMENT_REQUIRED)):
        transition(draft_figure, Action.RETURN, user=office, comment="  ")
    transition(draft_figure, Action.APPROVE, user=office)
    with pytest.raises(WorkflowError, match=str(services.COMMENT_REQUIRED)):
        transition(draft_figure, Action.REOPEN, user=office)
    transition(draft_figure, Action.REOPEN, user=office, comment="统计口径调整")
    draft_figure.refresh_from_db()
    assert draft_figure.state == SubmissionState.RETURNED


def test_a_stale_save_is_refused_and_the_first_one_kept(draft_figure, alice):
    opened_at = draft_figure.version
    first = type(draft_figure).objects.get(pk=draft_figure.pk)
    save_draft(first, user=alice, data={"value": Decimal("801")}, version=opened_at)
    second = type(draft_figure).objects.get(pk=draft_figure.pk)
    second.version = opened_at  # the second person opened the form before the first saved
    with pytest.raises(WorkflowError) as refused:
        save_draft(second, user=alice, data={"value": Decimal("999")}, version=opened_at)
    assert refused.value.code == "stale"
    draft_figure.refresh_from_db()
    assert draft_figure.value == Decimal("801")


def test_a_task_report_goes_through_the_same_workflow(task_report, alice, office):
    transition(task_report, Action.SUBMIT, user=alice)
    transition(task_report, Action.APPROVE, user=office)
    task_report.refresh_from_db()
    assert task_report.state == SubmissionState.APPROVED
    with pytest.raises(WorkflowError):
        save_draft(task_report, user=alice, data={"work_done": "改"})


def test_a_delayed_task_report_needs_its_problems(task_report, alice):
    save_draft(task_report, user=alice, data={"status": "delayed"})
    with pytest.raises(WorkflowError) as refused:
        transition(task_report, Action.SUBMIT, user=alice)
    assert "problems" in refused.value.errors


def test_a_returned_item_is_also_sent_by_email(
    draft_figure, alice, office, mailoutbox, django_capture_on_commit_callbacks
):
    alice.email = "alice@example.gov.cn"
    alice.save()
    transition(draft_figure, Action.SUBMIT, user=alice)
    with django_capture_on_commit_callbacks() as after_commit:
        transition(draft_figure, Action.RETURN, user=office, comment="数值偏高")
    assert len(after_commit) == 1 and mailoutbox == []  # queued for the worker after the commit
    # What the worker then runs (tests/notifications/test_mail.py runs a real one).
    deliver(Delivery.objects.filter(notification__user=alice).values_list("pk", flat=True))
    assert [m.to for m in mailoutbox] == [["alice@example.gov.cn"]]
    assert "数值偏高" in mailoutbox[0].body
