"""R4.4: the office's list of every default, and 确认所选 through the page (POST, CSRF)."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent, Event
from targets.models import Period
from tasks_registry.models import KeyTask, OwnershipRole
from tests.targets.factories import period

pytestmark = pytest.mark.django_db
LABEL = "系统预置（待办公室确认）"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def court_lead():
    return KeyTask.objects.get(number=9).ownerships.get(role=OwnershipRole.LEAD)


def task_row(html: str, number: int) -> str:
    start = html.index(f'data-number="{number}"')
    return html[start : html.index("</tr>", start)]


def test_only_the_office_opens_it(login, alice, bob, leader, admin_user, office):
    url = reverse("reports:defaults")
    for user in (alice, bob, leader, admin_user):
        assert login(user).get(url).status_code == 403
    assert login(office).get(url).status_code == 200


def test_it_lists_every_default_with_a_link_to_change_it(login, office):
    period(2026, 4)
    html = login(office).get(reverse("reports:defaults"), **ZH).content.decode()
    assert "任务分工" in html and "区法院（牵头）" in html
    assert "报送单位与基期" in html and "3.3 专利产品产值" in html
    assert "2027-01-10" in html and "考核权重" in html
    assert reverse("tasks_registry:task-detail", args=[9]) in html
    assert "确认所选" in html and "待确认" in html


def test_the_office_confirms_the_ticked_defaults(login, office, alice):
    """R4.4 worked example: task 9's lead and the 2026Q4 due date, ticked and confirmed."""
    q4 = period(2026, 4)
    lead = court_lead()
    assert LABEL in task_row(login(alice).get(reverse("home"), **ZH).content.decode(), 9)

    client = Client(enforce_csrf_checks=True)
    client.force_login(office)
    page = client.get(reverse("reports:defaults"))
    token = page.cookies["csrftoken"].value
    keys = [f"ownership-{lead.pk}", f"period-{q4.pk}", "nonsense", "period-x"]
    response = client.post(
        reverse("reports:defaults"), {"confirm": keys, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302

    lead.refresh_from_db()
    q4.refresh_from_db()
    assert lead.confirmed_by == office and q4.confirmed_by == office
    [event] = AuditEvent.objects.filter(event=Event.DEFAULT_CONFIRM)
    assert len(event.detail["confirmed"]) == 2
    html = login(office).get(reverse("reports:defaults"), **ZH).content.decode()
    row = html[html.index(f'data-key="ownership-{lead.pk}"') :][:600]
    assert "待确认" not in row and "office" in row
    home = login(alice).get(reverse("home"), **ZH).content.decode()
    lead_cell = task_row(home, 9).split("<td")[3]
    assert "区法院" in lead_cell and LABEL not in lead_cell
    assert LABEL in task_row(home, 8).split("<td")[3]  # the other leads keep their mark
    assert Period.objects.get(pk=q4.pk).awaits_confirmation is False


def test_it_refuses_a_post_without_a_token_and_asks_for_a_tick(office):
    client = Client(enforce_csrf_checks=True)
    client.force_login(office)
    assert client.post(reverse("reports:defaults"), {"confirm": ["period-1"]}).status_code == 403
    client = Client()
    client.force_login(office)
    response = client.post(reverse("reports:defaults"), {}, follow=True, **ZH)
    assert "请至少勾选一项系统预置。" in response.content.decode()
