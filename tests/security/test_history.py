"""Change history (django-simple-history): every change of a figure, a task report, a case, an
enterprise or a loan keeps the user and the old and new values, whichever way it was made: the
page, the API (session or token), the Excel import, the admin (one record or a bulk action), a
command or task with no request at all."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bureaus import tokens
from enforcement import services as case_services
from enforcement.models import Case
from finance import services as finance_services
from finance.models import BudgetLine, Purpose, SubsidyPolicy
from reports.models import AssessmentCriterion
from targets.models import Figure, Indicator
from tasks_registry import activities
from tasks_registry.models import Activity, ActivityKind, AudienceKind
from tests.enforcement.conftest import case_data
from tests.enforcement.test_import import GOOD as IMPORT_GOOD
from tests.enforcement.test_import import confirm as case_confirm
from tests.enforcement.test_import import preview as case_preview
from tests.finance.conftest import make_enterprise, make_loan
from tests.finance.test_import import confirm as finance_confirm
from tests.finance.test_import import enterprise_row
from tests.finance.test_import import fill as finance_fill
from tests.finance.test_import import preview as finance_preview
from tests.finance.test_import import template as finance_template
from tests.workflow.test_excel import as_upload, confirm, download, fill, preview
from tests.workflow.test_pages import post_figure

pytestmark = pytest.mark.django_db

ACTIVITY = {
    "kind": ActivityKind.TRAINING,
    "title": "专利导航培训",
    "date": datetime.date(2026, 5, 1),
    "audience": AudienceKind.ENTERPRISES,
    "person_times": 30,
}


def last_change(figure: Figure):
    """The newest history row and what it changed against the one before."""
    new, old = figure.history.order_by("-history_id")[:2]
    return new, {c.field: (c.old, c.new) for c in new.diff_against(old).changes}


def test_it_keeps_a_change_on_the_page_with_the_user(login, alice, draft_figure):
    response = post_figure(login(alice), version=draft_figure.version, value="812")
    assert response.status_code == 302
    row, changes = last_change(draft_figure)
    assert row.history_user == alice and row.history_type == "~"
    assert changes["value"] == (Decimal("800"), Decimal("812"))


def test_it_keeps_a_change_through_the_api_with_the_user(alice, draft_figure):
    client = APIClient()
    client.force_authenticate(alice)
    response = client.patch(
        f"/api/v1/figures/{draft_figure.pk}/",
        {"value": "815", "version": draft_figure.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    row, changes = last_change(draft_figure)
    assert row.history_user == alice
    assert changes["value"] == (Decimal("800"), Decimal("815"))


def test_it_keeps_a_change_by_excel_import_with_the_user(login, alice, q3, draft_figure):
    client = login(alice)
    workbook = fill(download(client, q3), **{"2_1": 900})
    response = confirm(client, q3, preview(client, q3, as_upload(workbook)))
    assert response.status_code == 302
    row, changes = last_change(draft_figure)
    assert row.history_user == alice
    assert changes["value"] == (Decimal("800"), Decimal("900"))


def test_it_keeps_a_transition_on_the_page_with_the_user(login, alice, draft_figure):
    response = post_figure(login(alice), version=draft_figure.version, action="submit")
    assert response.status_code == 302
    row, changes = last_change(draft_figure)
    assert row.history_user == alice
    assert changes["state"] == ("draft", "submitted")


def test_it_keeps_a_task_report_change_with_the_user(login, alice, q3):
    url = reverse("reporting:task-report", args=["2026Q3", 1, "market"])
    data = {
        "status": "on_track",
        "percent_complete": "40",
        "work_done": "召开联席会议",
        "problems": "",
        "next_steps": "",
        "version": "1",
        "action": "save",
    }
    client = login(alice)
    assert client.post(url, data).status_code == 302
    report = alice.bureau.task_reports.get()
    changed = {**data, "percent_complete": "60", "version": str(report.version)}
    assert client.post(url, changed).status_code == 302
    row, changes = last_change(report)
    assert row.history_user == alice
    assert changes["percent_complete"] == (40, 60)


# ---------------------------------------------------------------------------------------------
# The registers: cases, enterprises, pledge loans, insurance policies


@pytest.fixture
def case(alice):
    return case_services.case_create(user=alice, data=case_data())


@pytest.fixture
def firm(market):
    return make_enterprise(market, 1, name="甲示例科技有限公司")


@pytest.fixture
def loan(firm):
    return make_loan(firm)


def token_client(user) -> APIClient:
    """The API as a script calls it: a token, no session, so no middleware-seen user."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {tokens.issue(user=user)[0]}")
    return client


def test_it_keeps_a_case_edit_on_the_page_with_the_user(login, alice, case):
    data = {k: v for k, v in case_data(title="改后的案名").items() if v is not False}
    data["filed_on"] = data["filed_on"].isoformat()
    response = login(alice).post(reverse("enforcement:case-edit", args=[case.pk]), data)
    assert response.status_code == 302
    row, changes = last_change(case)
    assert row.history_user == alice and row.history_type == "~"
    assert changes["title"] == ("某公司销售侵犯注册商标专用权商品案", "改后的案名")


def test_it_keeps_a_case_status_change_on_the_page_with_the_user(login, alice, case):
    url = reverse("enforcement:case-step", args=[case.pk])
    response = login(alice).post(url, {"to_status": "investigating", "happened_on": "2026-03-05"})
    assert response.status_code == 302
    row, changes = last_change(case)
    assert row.history_user == alice
    assert changes["status"] == ("filed", "investigating")


def test_it_keeps_a_case_change_through_the_api_by_token(alice, case):
    response = token_client(alice).patch(
        f"/api/v1/cases/{case.pk}/", {"fine": "30000.00", "version": case.version}, format="json"
    )
    assert response.status_code == 200, response.content
    row, changes = last_change(case)
    assert row.history_user == alice
    assert changes["fine"] == (Decimal("20000.00"), Decimal("30000.00"))


def test_it_keeps_an_imported_case_with_the_user(login, alice):
    client = login(alice)
    row = {**IMPORT_GOOD, "number": "导入〔2026〕9号", "town": None}
    response = case_confirm(client, case_preview(client, row))
    assert response.status_code == 302
    case = Case.objects.get(number="导入〔2026〕9号")
    created = case.history.get()
    assert created.history_user == alice and created.history_type == "+"
    assert created.fine == Decimal("3000")


def test_it_keeps_an_enterprise_edit_on_the_page_with_the_user(login, alice, firm):
    response = login(alice).post(
        reverse("finance:enterprise-edit", args=[firm.pk]),
        {"name": "甲示例科技股份有限公司", "uscc": firm.uscc, "is_listed": "on", "ip_status": ""},
    )
    assert response.status_code == 302
    row, changes = last_change(firm)
    assert row.history_user == alice
    assert changes["name"] == ("甲示例科技有限公司", "甲示例科技股份有限公司")
    assert changes["is_listed"] == (False, True)


def test_it_keeps_a_loan_change_through_the_api_by_token(alice, loan):
    response = token_client(alice).patch(
        f"/api/v1/pledge-loans/{loan.pk}/",
        {"lender": "另一家银行", "version": loan.version},
        format="json",
    )
    assert response.status_code == 200, response.content
    row, changes = last_change(loan)
    assert row.history_user == alice
    assert changes["lender"] == ("示例银行", "另一家银行")


def test_it_keeps_enterprise_changes_by_excel_import_with_the_user(login, alice, market, firm):
    second = make_enterprise(market, 3, name="丙示例有限公司")
    client = login(alice)
    rows = [
        enterprise_row(0, uscc=firm.uscc, name="甲改名有限公司"),
        enterprise_row(0, uscc=second.uscc, name="丙改名有限公司"),
    ]
    upload = finance_fill(finance_template(client, "enterprises"), rows)
    response = finance_confirm(
        client, "enterprises", finance_preview(client, "enterprises", upload)
    )
    assert response.status_code == 302
    for record, old, new in (
        (firm, "甲示例科技有限公司", "甲改名有限公司"),
        (second, "丙示例有限公司", "丙改名有限公司"),
    ):
        row, changes = last_change(record)
        assert row.history_user == alice
        assert changes["name"] == (old, new)


def test_it_keeps_an_admin_change_with_the_user_and_shows_it(login, office, market):
    """The office sets budget allocations in the admin (no page does): the change is kept."""
    line = BudgetLine.objects.create(
        bureau=market, year=2025, purpose=Purpose.UTILISATION, title="贴息", allocated=100000
    )
    client = login(office)
    url = reverse("admin:finance_budgetline_change", args=[line.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    management = {f"spending-{k}": v for k, v in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))}
    response = client.post(url, {**data, **management, "allocated": "150000.00"})
    assert response.status_code == 302, response.context and response.context["errors"]
    row, changes = last_change(line)
    assert row.history_user == office
    assert changes["allocated"] == (Decimal("100000.00"), Decimal("150000.00"))
    history = client.get(reverse("admin:finance_budgetline_history", args=[line.pk]))
    assert history.status_code == 200
    assert office.username in history.content.decode()


def test_it_shows_a_cases_history_in_the_read_only_admin(login, office, alice, case):
    case_services.case_update(case, user=alice, data={"title": "后台可查的改名"})
    response = login(office).get(reverse("admin:enforcement_case_history", args=[case.pk]))
    assert response.status_code == 200
    assert alice.username in response.content.decode()


def test_it_keeps_a_bulk_delete_in_the_admin_with_the_user(login, office):
    policies = [
        SubsidyPolicy.objects.create(year=year, share=50, cap_per_enterprise=100000)
        for year in (2027, 2028, 2029)
    ]
    client = login(office)
    response = client.post(
        reverse("admin:finance_subsidypolicy_changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in policies], "post": "yes"},
    )
    assert response.status_code == 302
    assert not SubsidyPolicy.objects.filter(pk__in=[p.pk for p in policies]).exists()
    gone = SubsidyPolicy.history.filter(history_type="-", id__in=[p.pk for p in policies])
    assert gone.count() == 3
    assert {row.history_user for row in gone} == {office}
    assert {row.year for row in gone} == {2027, 2028, 2029}  # the old values are kept


def test_it_keeps_the_user_of_a_change_made_without_a_request(alice, loan):
    """Management commands and Celery tasks call the same services, with no request at all."""
    finance_services.loan_save(loan=loan, user=alice, data={"lender": "命令行银行"})
    row, changes = last_change(loan)
    assert row.history_user == alice
    assert changes["lender"] == ("示例银行", "命令行银行")


TRACKED = (
    "Figure",
    "TaskReport",
    "Case",
    "Enterprise",
    "PledgeLoan",
    "InsurancePolicy",
    "InterestSubsidy",
    "Spending",
    "BudgetLine",
    "SubsidyPolicy",
    "Activity",
    "AssessmentCriterion",
    "Circular",
    "Indicator",
)
WRITES_PAST_HISTORY = re.compile(
    rf"\b({'|'.join(TRACKED)})\.objects\b[^\n]*\.(update|bulk_create|bulk_update)\("
)


def test_no_application_code_writes_a_tracked_model_past_its_history():
    """QuerySet.update and bulk_create/bulk_update send no signals, so they would change a
    tracked register without a history row: application code uses the services (one save each)
    or simple_history.utils' bulk_*_with_history. Tests, migrations and bench/ are not served."""
    root = Path(__file__).resolve().parents[2]
    apps = ["audit", "bureaus", "enforcement", "finance", "reports", "targets", "tasks_registry"]
    apps.append("workflow")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for app in apps
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if WRITES_PAST_HISTORY.search(line)
    ]
    assert offenders == []


def test_the_office_reads_a_figures_history_in_the_admin(login, alice, office, draft_figure):
    post_figure(login(alice), version=draft_figure.version, value="812")
    response = login(office).get(reverse("admin:targets_figure_history", args=[draft_figure.pk]))
    assert response.status_code == 200
    assert alice.username in response.content.decode()


@pytest.mark.parametrize(
    "admin_name, model, field, value",
    [
        ("targets_indicator", Indicator, "target_text", "超过 900 件"),
        ("reports_assessmentcriterion", AssessmentCriterion, "weight", "25.00"),
    ],
)
def test_it_keeps_the_offices_admin_change_of_programme_settings(
    login, office, admin_name, model, field, value
):
    record = model.objects.order_by("pk").first()
    client = login(office)
    url = reverse(f"admin:{admin_name}_change", args=[record.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    response = client.post(url, {**data, field: value})
    assert response.status_code == 302, response.context and response.context["errors"]
    history = getattr(model, model._meta.simple_history_manager_attribute)
    row = history.filter(id=record.pk).order_by("-history_id").first()
    assert row.history_user == office and str(getattr(row, field)) == value


def test_it_keeps_an_activity_edit_and_deletion_with_the_user(alice, market):
    activity = activities.activity_save(
        activity=Activity(), user=alice, data=ACTIVITY | {"bureau": market}
    )
    activities.activity_save(activity=activity, user=alice, data={"person_times": 45})
    pk = activity.pk
    activities.activity_delete(activity=activity, user=alice)
    rows = Activity.history.filter(id=pk).order_by("history_id")
    assert [(r.history_type, r.person_times, r.history_user) for r in rows] == [
        ("+", 30, alice),
        ("~", 45, alice),
        ("-", 45, alice),
    ]
