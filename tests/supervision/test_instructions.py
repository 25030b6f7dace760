"""A leader's instruction (批示) notifies the owning bureaus, becomes an item, shows the answers."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from targets.models import Indicator
from tasks_registry import supervision
from tasks_registry.models import (
    KeyTask,
    LeaderInstruction,
    OwnershipRole,
    SupervisionItem,
    SupervisionSource,
    Urgency,
)
from workflow.services import WorkflowError

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(alice, bob):
    """Task 1 with 区市场监管局 leading and 区科技局 co-operating."""
    task = KeyTask.objects.get(number=1)
    task.ownerships.all().delete()
    task.ownerships.create(bureau=alice.bureau, role=OwnershipRole.LEAD)
    task.ownerships.create(bureau=bob.bureau, role=OwnershipRole.COOPERATING)
    return task


def test_it_notifies_the_owners_and_becomes_an_item(leader, task, alice, bob, office):
    instruction = supervision.instruction_give(user=leader, target=task, text="请加快推进")
    item = SupervisionItem.objects.get(source=SupervisionSource.INSTRUCTION)
    assert item.source_record == instruction
    assert instruction.target == task
    assert item.lead_bureau == alice.bureau
    assert list(item.cooperating_bureaus.all()) == [bob.bureau]
    assert (item.description, item.urgency) == ("请加快推进", Urgency.URGENT)
    assert item.deadline == TODAY + __import__("datetime").timedelta(days=30)
    for user in (alice, bob):
        assert Notification.objects.filter(user=user, url=item.get_absolute_url()).exists()
    assert not Notification.objects.filter(user=office).exists()


def test_it_gives_an_instruction_on_an_indicator_to_its_reporting_bureau(leader, alice):
    indicator = Indicator.objects.get(code="2.1")
    supervision.instruction_give(user=leader, target=indicator, text="关注专利存量")
    item = SupervisionItem.objects.get()
    assert item.lead_bureau == indicator.reporting_bureau


def test_only_a_leader_gives_instructions(office, alice, task):
    for user in (office, alice):
        with pytest.raises(WorkflowError) as error:
            supervision.instruction_give(user=user, target=task, text="x")
        assert error.value.message == str(supervision.LEADER_ONLY)
    assert not LeaderInstruction.objects.exists()


def test_the_leader_writes_it_on_the_page_and_reads_the_response(
    login, leader, alice, task, client
):
    login(leader)
    response = client.get(reverse("tasks_registry:instruction-new") + "?task=1")
    assert response.status_code == 200
    response = client.post(
        reverse("tasks_registry:instruction-new"),
        {"task": task.pk, "text": "年底前完成制度建设", "deadline": ""},
    )
    item = SupervisionItem.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    supervision.update_add(item=item, user=alice, text="已起草制度文件，正在征求意见")
    page = client.get(reverse("tasks_registry:instructions")).content.decode()
    assert "年底前完成制度建设" in page and "已起草制度文件，正在征求意见" in page
    detail = client.get(item.get_absolute_url()).content.decode()
    assert "年底前完成制度建设" in detail and "已起草制度文件" in detail


def test_the_instruction_form_needs_exactly_one_subject(login, leader, task, client):
    login(leader)
    response = client.post(reverse("tasks_registry:instruction-new"), {"text": "x"})
    assert response.status_code == 400
    assert not LeaderInstruction.objects.exists()


def test_an_instruction_on_a_task_report_goes_to_the_reporting_bureau(login, leader, alice, client):
    import datetime

    from targets.models import Period
    from tasks_registry.models import TaskReport

    period = Period.objects.create(year=2026, quarter=2, due_date=datetime.date(2026, 7, 10))
    report = TaskReport.objects.create(
        task=KeyTask.objects.get(number=3), bureau=alice.bureau, period=period, work_done="x"
    )
    login(leader)
    url = reverse("tasks_registry:instruction-new")
    assert client.get(f"{url}?report={report.pk}").status_code == 200
    response = client.post(url, {"report": report.pk, "text": "进度偏慢，请说明原因"})
    item = SupervisionItem.objects.get()
    assert response.status_code == 302
    assert item.source_record.target == report
    assert item.lead_bureau == alice.bureau
    assert Notification.objects.filter(user=alice, url=item.get_absolute_url()).exists()
    assert client.get(f"{url}?report=abc").status_code == 404


def test_the_instruction_list_query_count_does_not_grow(
    login, leader, task, alice, client, django_assert_max_num_queries
):
    login(leader)

    def give(n):
        for i in range(n):
            supervision.instruction_give(user=leader, target=task, text=f"批示 {i}")
            item = SupervisionItem.objects.order_by("-pk").first()
            supervision.update_add(item=item, user=alice, text=f"回复 {i}")

    give(1)
    url = reverse("tasks_registry:instructions")
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    give(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "回复 4" in page
