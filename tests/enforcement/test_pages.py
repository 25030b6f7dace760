"""The case pages as each persona: register, edit, add steps with attachments, transfer, accept,
statistics, campaigns; and the admin's read-only full-process record."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enforcement import services
from enforcement.models import Campaign, Case, CaseAttachment, CaseStep, Transfer

from .conftest import case_data, walk

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(**overrides):
    data = case_data(**overrides)
    data = {k: v for k, v in data.items() if v not in (False, None)}
    data["filed_on"] = data["filed_on"].isoformat()
    return data


def test_it_registers_a_case_from_the_form(login, alice, town):
    response = login(alice).post(
        reverse("enforcement:case-create"), form_data(town=town.pk, joint_enforcement="on")
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.bureau == alice.bureau and case.town == town and case.joint_enforcement
    assert case.steps.count() == 1


def test_it_shows_a_wrong_check_character_beside_the_field(login, alice):
    response = login(alice).post(
        reverse("enforcement:case-create"), form_data(respondent_uscc="91350100M000100Y44")
    )
    assert response.status_code == 400
    assert 'data-field="respondent_uscc"' in response.content.decode()
    assert not Case.objects.exists()


def test_it_accepts_a_code_typed_in_lower_case_with_spaces(login, alice):
    login(alice).post(
        reverse("enforcement:case-create"), form_data(respondent_uscc="91350100m000 100y43")
    )
    assert Case.objects.get().respondent_uscc == "91350100M000100Y43"


def test_it_edits_particulars_and_notes_the_change(login, alice, case):
    data = form_data(title="改后的案名")
    response = login(alice).post(reverse("enforcement:case-edit", args=[case.pk]), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.title == "改后的案名"
    assert case.steps.last().kind == "note"


def test_it_records_steps_with_attachments_and_serves_them_scoped(login, alice, bob, case):
    client = login(alice)
    url = reverse("enforcement:case-step", args=[case.pk])
    upload = SimpleUploadedFile("现场笔录.pdf", PDF, content_type="application/pdf")
    data = {"to_status": "investigating", "note": "现场检查", "happened_on": "2026-03-05"}
    response = client.post(url, {**data, "attachments": upload})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "investigating"
    attachment = CaseAttachment.objects.get()
    assert attachment.mime_type == "application/pdf"
    page = client.get(case.get_absolute_url()).content.decode()
    assert "现场笔录.pdf" in page and "现场检查" in page
    download = reverse("enforcement:attachment", args=[attachment.pk])
    assert client.get(download).status_code == 200
    assert login(bob).get(download).status_code == 404


def test_it_refuses_a_file_that_is_not_a_document(login, alice, case):
    upload = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")
    response = login(alice).post(
        reverse("enforcement:case-step", args=[case.pk]),
        {"to_status": "investigating", "attachments": upload},
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == "filed" and not CaseAttachment.objects.exists()


def test_it_shows_an_illegal_step_as_an_error(login, alice, case):
    response = login(alice).post(
        reverse("enforcement:case-step", args=[case.pk]), {"to_status": "closed"}
    )
    # "closed" is not offered from "filed", so the form refuses it before the service does.
    assert response.status_code == 400
    assert case.steps.count() == 1


def test_it_adds_a_correction_from_the_page(login, alice, case):
    first = case.steps.get()
    response = login(alice).post(
        reverse("enforcement:case-step", args=[case.pk]),
        {"note": "立案日期应为 3 月 1 日", "corrects": first.pk},
    )
    assert response.status_code == 302
    assert case.steps.last().corrects == first


def test_it_transfers_and_accepts_from_the_pages(login, alice, case, police, police_user):
    response = login(alice).post(
        reverse("enforcement:case-transfer", args=[case.pk]),
        {"to_bureau": police.pk, "reason": "涉嫌犯罪", "happened_on": "2026-03-10"},
    )
    assert response.status_code == 302
    receiver = login(police_user)
    assert case.number in receiver.get(reverse("enforcement:case-list")).content.decode()
    assert 'id="accept-form"' in receiver.get(case.get_absolute_url()).content.decode()
    assert receiver.post(reverse("enforcement:transfer-accept", args=[case.pk])).status_code == 302
    assert Transfer.objects.get().status == "accepted"


def test_it_shows_readers_no_forms(login, office, leader, case):
    for user in (office, leader):
        html = login(user).get(case.get_absolute_url()).content.decode()
        assert 'id="step-form"' not in html and 'id="edit-case"' not in html
        response = login(user).post(reverse("enforcement:case-step", args=[case.pk]), {"note": "x"})
        assert response.status_code == 403


def test_it_shows_statistics_with_chart_data_and_no_inline_script(login, office, alice, case):
    walk(case, alice, "investigating", "legal_review", "decided", "publicised", "closed")
    response = login(office).get(reverse("enforcement:statistics") + "?year=2026")
    html = response.content.decode()
    assert response.context["stats"].total == 1 and response.context["stats"].closed == 1
    assert response.context["stats"].average_days == 30
    assert 'id="case-chart-data"' in html and "js/enforcement" in html
    import re

    scripts = re.findall(r"<script(?![^>]*(?:src=|application/json))[^>]*>", html)
    assert scripts == []


def test_it_lists_campaigns_with_their_visible_cases(login, alice, bob, market, make_case):
    campaign = Campaign.objects.create(
        name="铁拳行动", starts_on=datetime.date(2026, 1, 1), lead_bureau=market
    )
    make_case(alice, campaign=campaign)
    assert login(alice).get(reverse("enforcement:campaign-list")).context["campaigns"][0].n == 1
    assert login(bob).get(reverse("enforcement:campaign-list")).context["campaigns"][0].n == 0


def test_it_keeps_the_record_read_only_in_the_admin(login, admin_user, office, case):
    step = case.steps.get()
    for user in (admin_user, office):
        client = login(user)
        change = reverse("admin:enforcement_casestep_change", args=[step.pk])
        assert client.get(change).status_code == 200
        assert client.post(change, {"note": "changed"}).status_code == 403
        delete = reverse("admin:enforcement_casestep_delete", args=[step.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
        assert (
            client.get(reverse("admin:enforcement_case_changelist") + "?q=某某").status_code == 200
        )
    assert CaseStep.objects.get(pk=step.pk).note == step.note
    assert services.next_statuses(case) == ["investigating", "transferred"]


def test_it_shows_a_case_with_its_record_in_the_admin_but_changes_nothing(login, admin_user, case):
    client = login(admin_user)
    url = reverse("admin:enforcement_case_change", args=[case.pk])
    response = client.get(url)
    assert response.status_code == 200 and case.number in response.content.decode()
    assert client.post(url, {"title": "x"}).status_code == 403
    assert client.get(reverse("admin:enforcement_campaign_add")).status_code == 200


def test_it_shows_statistics_for_all_years(login, leader, alice, make_case):
    make_case(alice, number="Y-1", filed_on=datetime.date(2025, 6, 1))
    make_case(alice, number="Y-2")
    client = login(leader)
    assert client.get(reverse("enforcement:statistics") + "?year=all").context["stats"].total == 2
    assert client.get(reverse("enforcement:statistics") + "?year=2025").context["stats"].total == 1
