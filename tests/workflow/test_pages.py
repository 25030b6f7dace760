"""The reporting pages, as each persona: staff of the owning bureau, of another bureau, the
office, a leader and anonymous."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from notifications.models import Notification
from targets.models import Figure
from workflow.models import Evidence, ReviewComment, SubmissionState

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def figure_url(period="2026Q3", code="2.1", bureau="market"):
    return reverse("reporting:figure", args=[period, code, bureau])


def post_figure(client, version=1, action="save", **fields):
    data = {"value": "800", "note": "", "explanation": "", "version": version, "action": action}
    data.update(fields)
    return client.post(figure_url(), data)


def test_staff_see_what_their_bureau_owes_in_the_todo(login, alice, q3):
    html = login(alice).get(reverse("reporting:todo")).content.decode()
    assert "有效发明专利" in html and "强化部门协同管理机制" in html
    assert "区科技局" not in html


def test_a_new_figure_is_saved_as_a_draft_then_submitted(login, alice, office, q3):
    client = login(alice)
    assert post_figure(client).status_code == 302
    figure = Figure.objects.get(period=q3, indicator__code="2.1")
    assert figure.state == SubmissionState.DRAFT and figure.value == Decimal("800")
    response = post_figure(client, version=figure.version, action="submit", value="805")
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.state == SubmissionState.SUBMITTED and figure.value == Decimal("805")
    assert Notification.objects.filter(user=office).exists()


def test_a_bad_value_is_shown_beside_the_field_and_nothing_typed_is_lost(login, alice, q3):
    response = post_figure(login(alice), value="-5", note="来自年报")
    html = response.content.decode()
    assert response.status_code == 400
    assert "数值不能为负数。" in html
    assert "来自年报" in html and 'value="-5"' in html
    assert not Figure.objects.exists()


def test_text_in_a_number_field_is_refused(login, alice, q3):
    response = post_figure(login(alice), value="约100")
    assert response.status_code == 400
    assert "“约100”不是数字" in response.content.decode()  # names what was typed


def test_submitting_an_unusual_value_without_explanation_keeps_the_draft(
    login, alice, draft_figure
):
    from tests.workflow.conftest import approved_history

    approved_history(draft_figure.indicator, alice.bureau, [850, 860, 870])
    response = post_figure(login(alice), version=draft_figure.version, action="submit")
    html = response.content.decode()
    assert response.status_code == 400
    assert "低于上次审核通过的数值" in html
    draft_figure.refresh_from_db()
    assert draft_figure.state == SubmissionState.DRAFT
    # The re-shown form carries the new version, so fixing and submitting works at once.
    response = post_figure(
        login(alice), version=draft_figure.version, action="submit", explanation="专利到期"
    )
    assert response.status_code == 302


def test_a_stale_form_is_refused_with_a_clear_message(login, alice, draft_figure):
    client = login(alice)
    post_figure(client, version=draft_figure.version, value="801")
    response = post_figure(client, version=draft_figure.version, value="999")
    assert response.status_code == 409
    assert "其他人已保存了此事项" in response.content.decode()
    draft_figure.refresh_from_db()
    assert draft_figure.value == Decimal("801")


def test_the_office_returns_with_a_comment_and_the_bureau_reads_it(
    login, alice, office, draft_figure
):
    from workflow.services import transition

    transition(draft_figure, "submit", user=alice)
    response = login(office).post(
        figure_url(),
        {"action": "return", "comment": "请补充佐证材料", "version": draft_figure.version},
    )
    assert response.status_code == 302
    html = login(alice).get(figure_url()).content.decode()
    assert "请补充佐证材料" in html
    assert 'name="value"' in html  # editable again


def test_an_approved_figure_is_read_only_for_staff(login, alice, office, draft_figure):
    from workflow.services import transition

    transition(draft_figure, "submit", user=alice)
    transition(draft_figure, "approve", user=office)
    client = login(alice)
    assert 'name="value"' not in client.get(figure_url()).content.decode()
    response = post_figure(client, version=draft_figure.version, value="1")
    assert response.status_code == 409
    assert "已审核通过并锁定" in response.content.decode()
    draft_figure.refresh_from_db()
    assert draft_figure.value == Decimal("800")


@pytest.mark.parametrize("persona", ["bob", "leader"])
def test_others_cannot_act_on_the_item(request, login, alice, draft_figure, persona):
    client = login(request.getfixturevalue(persona))
    post_figure(client, version=draft_figure.version, value="1")
    client.post(figure_url(), {"action": "approve"})
    draft_figure.refresh_from_db()
    assert draft_figure.value == Decimal("800") and draft_figure.state == "draft"


def test_another_bureaus_item_is_404_for_staff(login, bob, draft_figure):
    assert login(bob).get(figure_url()).status_code == 404


def test_the_office_and_leaders_read_any_item(login, office, leader, draft_figure):
    assert login(office).get(figure_url()).status_code == 200
    assert login(leader).get(figure_url()).status_code == 200


def test_an_anonymous_user_is_sent_to_login(client, draft_figure):
    assert client.get(figure_url()).status_code == 302


def test_an_indicator_the_bureau_does_not_report_is_404(login, bob, q3):
    assert login(bob).get(figure_url(bureau="science")).status_code == 404


@pytest.mark.parametrize("period", ["2026Q5", "abc", "1999Q1"])
def test_a_malformed_period_is_404(login, alice, period):
    assert login(alice).get(figure_url(period=period)).status_code == 404


def test_evidence_is_checked_by_content_and_served_only_to_those_who_may_see_it(
    login, alice, bob, office, draft_figure
):
    client = login(alice)
    disguised = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = post_figure(client, version=draft_figure.version, evidence=disguised)
    assert response.status_code == 400
    assert "按文件内容检查" in response.content.decode()
    assert not Evidence.objects.exists()

    real = SimpleUploadedFile("年报.pdf", PDF, "application/octet-stream")
    assert post_figure(client, version=draft_figure.version, evidence=real).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.mime_type == "application/pdf"
    assert "年报" not in evidence.file.name  # stored under a server-made name
    url = reverse("reporting:evidence", args=[evidence.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert f'filename="evidence-{evidence.pk}.pdf"' in response["Content-Disposition"]
    download = AuditEvent.objects.get(event="export", user=alice)  # downloads are audited
    assert download.detail == {"file": f"evidence-{evidence.pk}.pdf", "evidence": evidence.pk,
                               "item": draft_figure.pk}  # fmt: skip
    assert login(office).get(url).status_code == 200
    assert login(bob).get(url).status_code == 404


def test_a_macro_workbook_is_refused(login, alice, draft_figure):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"\x00")
    upload = SimpleUploadedFile("数据.xlsx", buffer.getvalue())
    response = post_figure(login(alice), version=draft_figure.version, evidence=upload)
    assert "含有宏" in response.content.decode()


def test_a_task_report_page_saves_and_submits(login, alice, q3):
    url = reverse("reporting:task-report", args=["2026Q3", 1, "market"])
    data = {
        "status": "on_track",
        "percent_complete": "60",
        "work_done": "召开联席会议两次",
        "problems": "",
        "next_steps": "",
        "version": "1",
        "action": "submit",
    }
    assert login(alice).post(url, data).status_code == 302
    report = alice.bureau.task_reports.get()
    assert report.state == SubmissionState.SUBMITTED and report.percent_complete == 60


def test_a_task_the_bureau_does_not_own_is_404(login, bob, q3):
    # Task 9 (judicial protection) is led by the court; 区科技局 has no part in it.
    assert (
        login(bob).get(reverse("reporting:task-report", args=["2026Q3", 9, "science"])).status_code
        == 404
    )


def test_the_review_queue_lists_submitted_items_for_the_office_only(
    login, alice, office, draft_figure
):
    from workflow.services import transition

    transition(draft_figure, "submit", user=alice)
    html = login(office).get(reverse("reporting:review")).content.decode()
    assert "有效发明专利" in html
    assert login(alice).get(reverse("reporting:review")).status_code == 403


def test_the_completeness_matrix_shows_rates_per_bureau(login, alice, office, draft_figure):
    from workflow.services import transition

    transition(draft_figure, "submit", user=alice)
    response = login(office).get(reverse("reporting:completeness"), {"period": "2026Q3"})
    assert response.status_code == 200
    lines = {line.bureau.code: line for line in response.context["lines"]}
    market = lines["market"]
    assert market.submitted == 1
    assert market.owed == len(market.cells)
    assert lines["science"].submitted == 0


def test_the_completeness_query_count_does_not_grow_with_items(
    login, office, q3, django_assert_max_num_queries
):
    client = login(office)
    with django_assert_max_num_queries(12):
        client.get(reverse("reporting:completeness"), {"period": "2026Q3"})


def test_the_office_marks_a_value_for_follow_up_and_closes_it(login, office, alice, draft_figure):
    from workflow.services import transition

    transition(draft_figure, "submit", user=alice)
    client = login(office)
    client.post(
        figure_url(), {"action": "comment", "text": "与统计局口径不一致", "follow_up": "on"}
    )
    html = client.get(reverse("reporting:follow-ups")).content.decode()
    assert "与统计局口径不一致" in html
    comment = ReviewComment.objects.get()
    client.post(reverse("reporting:close-follow-up", args=[comment.pk]))
    assert "与统计局口径不一致" not in client.get(reverse("reporting:follow-ups")).content.decode()


def test_the_header_shows_unread_notifications(login, alice, office, draft_figure):
    from workflow.services import transition

    transition(draft_figure, "submit", user=alice)
    transition(draft_figure, "return", user=office, comment="请核对")
    html = login(alice).get(reverse("home")).content.decode()
    assert 'id="unread-count">1<' in html
    login(alice).post(reverse("notifications:mark-read"))
    assert 'id="unread-count"' not in login(alice).get(reverse("home")).content.decode()


def test_figures_are_read_only_in_the_admin(login, office, draft_figure):
    client = login(office)
    url = reverse("admin:targets_figure_change", args=[draft_figure.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"value": "1"})
    draft_figure.refresh_from_db()
    assert draft_figure.value == Decimal("800")


def test_evidence_over_20_mb_is_refused(login, alice, draft_figure):
    big = SimpleUploadedFile("扫描件.pdf", PDF + b"0" * (20 * 1024 * 1024), "application/pdf")
    response = post_figure(login(alice), version=draft_figure.version, evidence=big)
    assert response.status_code == 400
    assert "超过20 MB" in response.content.decode()
    assert not Evidence.objects.exists()
