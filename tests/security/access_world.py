"""The records the access matrix opens: one of each kind, all owned by alice's bureau
(区市场监管局), so that bob (区科技局, a bureau with no share in any of them) is the outsider on
every object URL.

`build_world()` returns the URL keyword values by name (`"case"` → the case's pk, `"period"` →
"2026Q3"); the matrix's rows refer to them by those names."""

import datetime
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditChainAnchor
from bureaus import tokens
from bureaus.models import Bureau, Role
from enforcement import services as cases
from enforcement.models import Campaign, CaseAttachment, CaseStep
from exports.models import ExportJob, GeneratedReport, JobStatus
from finance.models import (
    BudgetLine,
    InsurancePolicy,
    InterestSubsidy,
    Purpose,
    Spending,
    SubsidyPolicy,
)
from health.models import Heartbeat, PendingTask
from notifications.models import Delivery, Notification
from reports.assessment import criteria
from reports.models import AssessmentAdjustment, Circular
from targets.models import (
    Figure,
    Indicator,
    Period,
    Progress,
    ProgressRun,
    StatusThresholds,
    TargetAssessment,
)
from tasks_registry import supervision
from tasks_registry.models import Activity, ActivityKind, AudienceKind, KeyTask, TaskReport
from tests.conftest import make_user
from tests.enforcement.conftest import case_data
from tests.finance.conftest import make_enterprise, make_loan
from workflow import evidence
from workflow.models import Action, Reminder, ReviewComment, Transition

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PERIOD = "2026Q3"
D = datetime.date


def pdf(name="证明材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build_personas() -> dict:
    """The roles of the matrix's columns, as users (anonymous has none)."""
    market, science = Bureau.objects.get(code="market"), Bureau.objects.get(code="science")
    admin = make_user("root", Role.ADMIN, None)
    admin.is_superuser = True
    admin.save()
    return {
        "owner": make_user("alice", Role.STAFF, market),
        "other": make_user("bob", Role.STAFF, science),
        "office": make_user("office", Role.OFFICE, market),
        "leader": make_user("leader", Role.LEADER, None),
        "admin": admin,
        "auditor": make_user("auditor", Role.AUDITOR, None),
        "secadmin": make_user("guard", Role.SECURITY_ADMIN, None),
    }


def build_world(users: dict) -> dict:
    alice, office = users["owner"], users["office"]
    market = alice.bureau
    period = Period.objects.create(year=2026, quarter=3, due_date=D(2026, 10, 10))
    indicator = Indicator.objects.get(code="2.1")  # reported by 区市场监管局
    task = KeyTask.objects.get(number=1)  # led by 区市场监管局
    task.ownerships.exclude(bureau=market).delete()  # bob's bureau has no share in it
    figure = Figure.objects.create(indicator=indicator, bureau=market, period=period, value=800)
    report = TaskReport.objects.create(
        task=task, bureau=market, period=period, work_done="召开联席会议", problems="人手不足"
    )
    proof = evidence.attach(figure, pdf(), user=alice, mime_type="application/pdf")
    comment = ReviewComment.objects.create(
        item=figure, author=office, text="请核实", follow_up=True
    )

    today = timezone.localdate()
    item = supervision.inspection_finding_record(
        user=office,
        date=today - datetime.timedelta(days=5),
        bureau=market,
        inspectors="督查组",
        findings="案卷不规范",
        title="案卷整改",
        lead_bureau=market,
        cooperating=[],
        deadline=today + datetime.timedelta(days=10),
    )
    activity = Activity.objects.create(
        kind=ActivityKind.TRAINING,
        title="专利导航培训",
        date=today,
        bureau=market,
        audience=AudienceKind.ENTERPRISES,
        person_times=30,
        created_by=alice,
    )

    campaign = Campaign.objects.create(name="铁拳行动", starts_on=D(2026, 3, 1), lead_bureau=market)
    case = cases.case_create(user=alice, data=case_data(campaign=campaign))
    step = CaseStep.objects.filter(case=case).first()
    attachment = CaseAttachment(
        step=step, original_name="笔录.pdf", mime_type="application/pdf", size=len(PDF)
    )
    attachment.uploaded_at = timezone.now()
    attachment.file.save("笔录.pdf", ContentFile(PDF), save=False)
    attachment.save()

    firm = make_enterprise(market, 1, name="甲示例科技有限公司")
    loan = make_loan(firm)
    policy = SubsidyPolicy.objects.create(
        year=2025, share=Decimal("50"), cap_per_enterprise=Decimal("100000")
    )
    subsidy = InterestSubsidy.objects.create(
        loan=loan,
        policy=policy,
        interest_from=D(2025, 3, 1),
        interest_to=D(2025, 5, 31),
        applied_amount=Decimal("1000"),
        applied_on=D(2025, 6, 1),
    )
    insurance = InsurancePolicy.objects.create(
        enterprise=firm,
        bureau=market,
        kind="liability",
        insurer="示例保险",
        premium=Decimal("5000"),
        coverage=Decimal("500000"),
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
    )
    budget = BudgetLine.objects.create(
        bureau=market,
        year=2025,
        purpose=Purpose.UTILISATION,
        title="质押融资贴息",
        allocated=Decimal("200000"),
    )

    stored = GeneratedReport(
        kind="quarterly", period_code=PERIOD, format="pdf", created_by=office, filename="报告.pdf"
    )
    stored.file.save("report.pdf", ContentFile(PDF), save=False)
    stored.save()
    job = ExportJob(kind="figures", params={"period": PERIOD}, created_by=alice)
    job.status, job.filename = JobStatus.DONE, "填报数据.xlsx"
    job.file.save("job.xlsx", ContentFile(b"PK\x03\x04"), save=False)
    job.save()
    circular = Circular.objects.create(
        period=period, title="关于第三季度工作进展的通报", body="各成员单位：", created_by=office
    )
    Delivery.objects.create(
        notification=Notification.objects.create(user=alice, title="请填报"), channel="email"
    )
    Transition.objects.create(  # a history row only, for the admin: the figure stays a draft
        item=figure, action=Action.SUBMIT, from_state="draft", to_state="submitted", user=alice
    )
    build_admin_rows(users, item=item, case_number="市监知处〔2026〕2号", period=period)
    spending = Spending.objects.get(budget_line=budget)
    criterion = criteria()[0]
    criterion.save()  # its first history row: the criteria came with the migration
    thresholds = StatusThresholds.current()
    thresholds.save()
    indicator.save()

    return {
        "period": PERIOD,
        "year": 2026,
        "market": market.code,
        "market_pk": market.pk,
        "indicator": indicator.code,
        "indicator_pk": indicator.pk,
        "qualitative_code": "1.1",
        "reset_uid": "MQ",  # a password-reset link's user and token: a link no longer valid
        "reset_token": "set-password",
        "task": task.number,
        "figure": figure.pk,
        "task_report": report.pk,
        "evidence": proof.pk,
        "comment": comment.pk,
        "item": item.pk,
        "activity": activity.pk,
        "campaign": campaign.pk,
        "case": case.pk,
        "case_type": ContentType.objects.get_for_model(case).pk,
        "figure_history": figure.history.latest().history_id,
        "task_report_history": report.history.latest().history_id,
        "case_history": case.history.latest().history_id,
        "enterprise_history": firm.history.latest().history_id,
        "loan_history": loan.history.latest().history_id,
        "insurance_history": insurance.history.latest().history_id,
        "indicator_history": indicator.change_history.latest().history_id,
        "activity_history": activity.history.latest().history_id,
        "policy": policy.pk,
        "policy_history": policy.history.latest().history_id,
        "subsidy_history": subsidy.history.latest().history_id,
        "budget_history": budget.history.latest().history_id,
        "spending": spending.pk,
        "spending_history": spending.history.latest().history_id,
        "criterion": criterion.pk,
        "criterion_history": criterion.history.latest().history_id,
        "thresholds": thresholds.pk,
        "thresholds_history": thresholds.history.latest().history_id,
        "circular_history": circular.history.latest().history_id,
        "attachment": attachment.pk,
        "enterprise": firm.pk,
        "loan": loan.pk,
        "subsidy": subsidy.pk,
        "insurance": insurance.pk,
        "budget": budget.pk,
        "stored": stored.pk,
        "job": job.pk,
        "circular": circular.pk,
        "pdf": "pdf",
        "docx": "docx",
        "xlsx": "xlsx",
        "figures": "figures",
        "enterprises": "enterprises",
        "app_label": "bureaus",
        "no_such_page": "no-such-page/",
        "owner": alice.pk,
    }


def build_admin_rows(users: dict, *, item, case_number: str, period) -> None:
    """A row for each admin model the records above leave empty, so the matrix opens its change,
    history and delete pages too (none of them gives bob's bureau a share in anything)."""
    alice, office, leader, admin = users["owner"], users["office"], users["leader"], users["admin"]
    court = Bureau.objects.get(code="court")
    Group.objects.create(name="督查组")
    tokens.issue(user=admin)
    # on a user of its own: a device on a persona would send its client to the code page
    phone_user = make_user("carol", Role.STAFF, court)
    TOTPDevice.objects.create(user=phone_user, name="TOTP", confirmed=True)
    AccessAttempt.objects.create(username="bob", ip_address="10.0.0.1", failures_since_start=1)
    AccessFailureLog.objects.create(username="bob", ip_address="10.0.0.1", locked_out=False)
    Heartbeat.objects.create(name="worker", last_run=timezone.now())
    Reminder.objects.create(
        period=period,
        bureau=alice.bureau,
        sent_by=office,
        message="请报送",
        outstanding=3,
        recipients=1,
    )
    AuditChainAnchor.objects.create(prev_mac="0" * 64, purged_before=timezone.now(), mac="0" * 64)
    PendingTask.objects.create(name="targets.tasks.compute_progress")
    ProgressRun.objects.create(started_at=timezone.now())
    Progress.objects.create(indicator=Indicator.objects.get(code="2.1"), period=period)
    TargetAssessment.objects.create(
        indicator=Indicator.objects.get(code="1.1"),
        period=period,
        verdict="achieved",
        narrative="已出台",
        assessed_by=office,
        assessed_at=timezone.now(),
    )
    AssessmentAdjustment.objects.create(
        year=2026, bureau=alice.bureau, points=Decimal("-1"), reason="迟报", author=office
    )
    Spending.objects.create(
        budget_line=BudgetLine.objects.get(bureau=alice.bureau),
        spent_on=D(2025, 6, 1),
        amount=Decimal("1000"),
        description="培训费",
    )
    supervision.update_add(item=item, user=alice, text="已整改一半")
    supervision.meeting_decision_record(
        user=office,
        date=timezone.localdate(),
        meeting_title="联席会议",
        attendees="各成员单位",
        decisions="加强执法",
        title="联席会议决定事项",
        lead_bureau=alice.bureau,
        cooperating=[],
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )
    supervision.instruction_give(
        user=leader, target=KeyTask.objects.get(number=1), text="请抓紧推进"
    )
    transferred = cases.case_create(user=alice, data=case_data(number=case_number))
    cases.case_transfer(transferred, user=alice, to_bureau=court, reason="涉嫌犯罪")
