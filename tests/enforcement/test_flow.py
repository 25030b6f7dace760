"""The status flow, the append-only full-process record and transfers, through the services."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import override

from enforcement import services
from enforcement.models import AppendOnly, Case, CaseStatus, CaseStep, StepKind, Transfer
from workflow.services import WorkflowError

from .conftest import walk

pytestmark = pytest.mark.django_db
S = CaseStatus


def test_it_registers_a_case_with_a_first_step(case, alice):
    assert case.status == S.FILED and case.bureau == alice.bureau
    step = case.steps.get()
    assert step.kind == StepKind.STATUS and step.to_status == S.FILED and step.user == alice


def test_it_walks_the_whole_flow_writing_a_step_per_change(case, alice):
    walk(case, alice, S.INVESTIGATING, S.LEGAL_REVIEW, S.DECIDED, S.PUBLICISED, S.CLOSED)
    case.refresh_from_db()
    assert case.status == S.CLOSED
    assert case.decided_on == datetime.date(2026, 4, 1)
    assert case.closed_on == datetime.date(2026, 4, 21)
    assert case.days_to_decision == 30
    steps = list(case.steps.values_list("from_status", "to_status"))
    assert steps == [
        ("", S.FILED),
        (S.FILED, S.INVESTIGATING),
        (S.INVESTIGATING, S.LEGAL_REVIEW),
        (S.LEGAL_REVIEW, S.DECIDED),
        (S.DECIDED, S.PUBLICISED),
        (S.PUBLICISED, S.CLOSED),
    ]


def test_it_lets_legal_review_send_a_case_back(case, alice):
    walk(case, alice, S.INVESTIGATING, S.LEGAL_REVIEW, S.INVESTIGATING)
    case.refresh_from_db()
    assert case.status == S.INVESTIGATING


@pytest.mark.parametrize(
    "path, illegal",
    [
        ([], S.DECIDED),
        ([], S.CLOSED),
        ([S.INVESTIGATING], S.PUBLICISED),
        ([S.INVESTIGATING, S.LEGAL_REVIEW], S.CLOSED),
        ([S.INVESTIGATING, S.LEGAL_REVIEW, S.DECIDED, S.PUBLICISED, S.CLOSED], S.INVESTIGATING),
        ([S.INVESTIGATING, S.LEGAL_REVIEW, S.DECIDED], S.FILED),
    ],
)
def test_it_refuses_an_illegal_transition_with_a_clear_message(case, alice, path, illegal):
    walk(case, alice, *path)
    before = case.steps.count()
    with pytest.raises(WorkflowError) as refused:
        services.case_advance(case, user=alice, to_status=illegal)
    assert refused.value.code == "conflict"
    case.refresh_from_db()
    expected = services.ILLEGAL % {"from": S(case.status).label, "to": S(illegal).label}
    assert refused.value.message == str(expected)
    assert case.steps.count() == before


def test_it_says_why_in_chinese(case, alice):
    with override("zh-hans"), pytest.raises(WorkflowError) as refused:
        services.case_advance(case, user=alice, to_status=S.CLOSED)
    # The message names both statuses as the user sees them.
    assert str(S.FILED.label) in refused.value.message or "立案" in refused.value.message


def test_it_refuses_changes_from_another_bureau_and_the_office(case, bob, office, leader):
    for user in (bob, office, leader):
        with pytest.raises(WorkflowError) as refused:
            services.case_advance(case, user=user, to_status=S.INVESTIGATING)
        assert refused.value.code == "forbidden"
        assert refused.value.message == str(services.NOT_HANDLER)
    case.refresh_from_db()
    assert case.status == S.FILED


def test_it_refuses_a_step_dated_in_the_future(case, alice):
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    with pytest.raises(WorkflowError):
        services.case_advance(case, user=alice, to_status=S.INVESTIGATING, happened_on=tomorrow)


def test_it_never_changes_or_deletes_a_step(case, alice):
    step = case.steps.get()
    step.note = "changed"
    with pytest.raises(AppendOnly):
        step.save()
    with pytest.raises(AppendOnly):
        step.delete()
    with pytest.raises(AppendOnly):
        CaseStep.objects.filter(pk=step.pk).update(note="changed")
    with pytest.raises(AppendOnly):
        CaseStep.objects.filter(pk=step.pk).delete()
    assert CaseStep.objects.get(pk=step.pk).note == ""


def test_it_corrects_a_step_by_adding_one(case, alice):
    walk(case, alice, S.INVESTIGATING)
    wrong = case.steps.last()
    correction = services.step_add(case, user=alice, note="检查日期应为 3 月 12 日", corrects=wrong)
    assert correction.kind == StepKind.CORRECTION and correction.corrects == wrong
    assert case.steps.count() == 3
    assert CaseStep.objects.get(pk=wrong.pk).note == wrong.note


def test_it_refuses_an_empty_note(case, alice):
    with pytest.raises(WorkflowError) as refused:
        services.step_add(case, user=alice, note="  ")
    assert refused.value.errors == {"note": [services.NOTE_REQUIRED]}


def test_it_transfers_a_case_accepted_by_the_receiver_only(case, alice, police, police_user, bob):
    walk(case, alice, S.INVESTIGATING)
    transfer = services.case_transfer(case, user=alice, to_bureau=police, reason="涉嫌犯罪")
    case.refresh_from_db()
    assert case.status == S.TRANSFERRED
    assert case.steps.last().kind == StepKind.TRANSFER
    # Before acceptance the receiver may read but not write.
    with pytest.raises(WorkflowError):
        services.step_add(case, user=police_user, note="立案侦查")
    with pytest.raises(WorkflowError) as refused:
        services.transfer_accept(transfer, user=bob)
    assert refused.value.message == str(services.NOT_RECEIVER)
    services.transfer_accept(transfer, user=police_user)
    transfer.refresh_from_db()
    assert transfer.status == "accepted" and transfer.accepted_by == police_user
    services.step_add(case, user=police_user, note="立案侦查")
    services.case_advance(case, user=police_user, to_status=S.CLOSED)
    case.refresh_from_db()
    assert case.status == S.CLOSED
    with pytest.raises(WorkflowError) as again:
        services.transfer_accept(transfer, user=police_user)
    assert again.value.message == str(services.ALREADY_ACCEPTED)


def test_it_tells_the_receiver_of_a_transfer_and_the_sender_of_its_acceptance(
    case, alice, police, police_user
):
    transfer = services.case_transfer(case, user=alice, to_bureau=police, reason="涉嫌犯罪")
    [to_receiver] = police_user.notifications.all()
    assert to_receiver.title == f"案件移送待接收：{case.number}"
    assert to_receiver.url == case.get_absolute_url()
    assert "涉嫌犯罪" in to_receiver.body
    assert not alice.notifications.exists()
    services.transfer_accept(transfer, user=police_user)
    [to_sender] = alice.notifications.all()
    assert to_sender.title == f"移送案件已被接收：{case.number}"
    assert to_sender.body == police.name


def test_it_refuses_a_second_transfer_and_one_to_itself(case, alice, police, market):
    with pytest.raises(WorkflowError) as refused:
        services.case_transfer(case, user=alice, to_bureau=market, reason="x")
    assert refused.value.message == str(services.SAME_BUREAU)
    services.case_transfer(case, user=alice, to_bureau=police, reason="涉嫌犯罪")
    with pytest.raises(WorkflowError):
        services.case_transfer(case, user=alice, to_bureau=police, reason="again")
    assert Transfer.objects.count() == 1


def test_it_counts_a_transferred_case_once(case, alice, police, police_user, office):
    from enforcement import selectors
    from enforcement.metrics import cases_filed
    from targets.models import Period

    transfer = services.case_transfer(case, user=alice, to_bureau=police, reason="涉嫌犯罪")
    services.transfer_accept(transfer, user=police_user)
    assert Case.objects.visible_to(alice).count() == 1
    assert Case.objects.visible_to(police_user).count() == 1
    assert Case.objects.visible_to(office).count() == 1
    stats = selectors.case_statistics(Case.objects.visible_to(office), year=2026)
    assert stats.total == 1 and stats.by_bureau == [(alice.bureau.name, 1)]
    period = Period.objects.create(year=2026, quarter=1, due_date=datetime.date(2026, 4, 10))
    assert sum(cases_filed([period])[period.pk].values()) == 1


def test_it_refuses_a_bad_uscc_and_a_duplicate_number(alice, make_case):
    with pytest.raises(WorkflowError) as refused:
        make_case(alice, respondent_uscc="91350100M000100Y44")
    assert "respondent_uscc" in refused.value.errors
    make_case(alice)
    with pytest.raises(WorkflowError) as duplicate:
        make_case(alice)
    assert duplicate.value.code == "conflict"


def test_it_lets_only_bureau_staff_register(office, leader, make_case):
    for user in (office, leader):
        with pytest.raises(WorkflowError) as refused:
            make_case(user)
        assert refused.value.code == "forbidden"
