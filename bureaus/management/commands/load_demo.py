"""Demo users for every role and plausible figures for past quarters (DEBUG only)."""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from bureaus.models import Bureau, BureauKind, Role, User
from core.demo import mark_demo_loaded
from enforcement.demo import load_demo_cases
from finance.demo import load_demo_finance
from targets.models import Figure, FigureState, Indicator, IndicatorSource, Period
from targets.services import Trigger, industry_list, progress_compute
from tasks_registry.demo import load_demo_supervision
from tasks_registry.models import TaskOwnership, TaskReport, TaskStatus

DEMO_PASSWORD = "Demo@2026ip"  # noqa: S105 - documented in the README, refused without DEBUG

DEMO_TOWNS = [("town-a", "甲镇"), ("town-b", "乙镇"), ("town-c", "丙街道")]

# username, role, bureau code, display name
DEMO_USERS = [
    ("admin", Role.ADMIN, None, "系统管理员"),
    ("office", Role.OFFICE, "market", "领导小组办公室"),
    ("leader", Role.LEADER, None, "分管副区长"),
    ("auditor", Role.AUDITOR, None, "安全审计员"),
    ("security", Role.SECURITY_ADMIN, None, "安全管理员"),
    ("market", Role.STAFF, "market", "市场监管局填报员"),
    ("science", Role.STAFF, "science", "科技局填报员"),
    ("economy", Role.STAFF, "economy", "经济信息委填报员"),
    ("court", Role.STAFF, "court", "法院填报员"),
    ("procuratorate", Role.STAFF, "procuratorate", "检察院填报员"),
    ("zone", Role.STAFF, "hitech_zone", "高新区填报员"),
    ("town", Role.STAFF, "town-a", "甲镇填报员"),
]

# indicator code: (value at 2024Q1, value at 2026Q3), growing roughly linearly
DEMO_FIGURE_RANGES = {
    "2.1": (560, 820),
    "2.2": (230, 400),
    "2.4": (14500, 17900),
    "3.3": (118000, 161000),
}
# 3.1's seven industries as the office would list them (R3.4): the plan's "2335" clusters, with
# a national average density (件/亿元) and the demo's densities at 2024Q1 and 2026Q3. The plan
# gives no averages: these are the demo's, and most industries pass theirs during the demo.
DEMO_INDUSTRIES = [
    ("汽车零部件", Decimal("8.50"), Decimal("7.20"), Decimal("9.10")),
    ("智能制造", Decimal("10.20"), Decimal("9.00"), Decimal("11.00")),
    ("食品及农产品加工", Decimal("2.10"), Decimal("1.60"), Decimal("2.05")),
    ("生物医药", Decimal("15.00"), Decimal("13.50"), Decimal("16.20")),
    ("电子信息", Decimal("12.40"), Decimal("10.80"), Decimal("11.90")),
    ("新材料", Decimal("9.80"), Decimal("8.60"), Decimal("10.30")),
    ("新能源", Decimal("7.60"), Decimal("6.90"), Decimal("8.00")),
]
DENSITY_UNIT = "件/亿元"
FIRST_PERIOD = (2024, 1)
# 2023 is the growth targets' baseline year (programme.json): year-end values to grow from, and
# the resident population at each year end that 2.3 (patents per 10,000 residents) divides by.
BASELINE_YEAR = 2023
DEMO_BASELINE = {"2.1": 530, "2.2": 215, "2.4": 14000, "3.3": 112000}
DEMO_POPULATION = {2023: 652_000, 2024: 655_000, 2025: 658_000, 2026: 661_000}


# States of the latest quarter's task reports; None leaves a report missing.
LATEST_STATES = [FigureState.SUBMITTED] * 4 + [FigureState.DRAFT] * 2 + [None]
DEMO_WORK = [
    "召开知识产权联席会议，通报重点工作进展，协调解决跨部门问题。",
    "组织企业开展知识产权贯标辅导，新增贯标企业若干家。",
    "开展专项执法检查，查办知识产权案件并按规定公示。",
    "举办知识产权专题培训，企事业单位职工踊跃参加。",
    "走访重点企业，宣传质押融资贴息政策，帮助企业对接银行。",
]


def submitted_at(period: Period) -> datetime.datetime:
    """Demo items were submitted two days before their due date."""
    day = period.due_date - datetime.timedelta(days=2)
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


def past_quarters(today: datetime.date) -> list[tuple[int, int]]:
    """Every quarter from FIRST_PERIOD up to the last one that has ended by today."""
    quarters = []
    year, quarter = FIRST_PERIOD
    while Period(year=year, quarter=quarter).end_date < today:
        quarters.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters


class Command(BaseCommand):
    help = "Create demo users (password in the README) and demo figures. Refused unless DEBUG."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("load_demo only runs with DEBUG on: it creates known passwords.")
        with transaction.atomic():
            self._towns()
            self._users()
            ranges = DEMO_FIGURE_RANGES | self._industries()
            figures = self._figures(timezone.localdate(), ranges)
            figures += self._baseline_and_population(timezone.localdate())
            reports = self._task_reports(timezone.localdate())
            load_demo_supervision(timezone.localdate())
            load_demo_cases(timezone.localdate())
            load_demo_finance(timezone.localdate())
            mark_demo_loaded()  # every page and export says 演示数据 from now on (R4.5)
        progress_compute(trigger=Trigger.COMMAND)  # so the dashboards show the demo at once
        self.stdout.write(
            f"demo loaded: {len(DEMO_USERS)} users, {figures} figures, {reports} task reports"
        )
        self.stdout.write(f"demo logins (password {DEMO_PASSWORD}):")
        for username, role, _code, name in DEMO_USERS:
            self.stdout.write(f"  {username:<14} {role.label} · {name}")

    def _towns(self):
        for order, (code, name) in enumerate(DEMO_TOWNS, start=1):
            Bureau.objects.get_or_create(
                code=code,
                defaults={"name": name, "kind": BureauKind.TOWN, "order": 1000 + order},
            )

    def _users(self):
        bureaus = {b.code: b for b in Bureau.objects.all()}
        for username, role, code, name in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            user.role = role
            user.bureau = bureaus.get(code)
            user.first_name = name
            user.is_superuser = role == Role.ADMIN
            if created:
                user.set_password(DEMO_PASSWORD)
            user.save()

    def _industries(self) -> dict:
        """List 3.1's industries (those not listed yet); {industry code: demo range}."""
        parent = Indicator.objects.get(code="3.1", source=IndicatorSource.INDUSTRIES)
        listed = {i.name: i for i in parent.parts.all()}
        ranges = {}
        for name, average, start, end in DEMO_INDUSTRIES:
            industry = listed.get(name) or industry_list(
                parent=parent,
                name=name,
                unit=DENSITY_UNIT,
                national_average=average,
                note="演示数据：全国平均密度为示例值",
            )
            ranges[industry.code] = (start, end)
        return ranges

    def _figures(self, today: datetime.date, ranges: dict) -> int:
        rng = random.Random(2026)  # noqa: S311 - demo data, not security
        quarters = past_quarters(today)
        periods = []
        for year, quarter in quarters:
            period, _ = Period.objects.get_or_create(
                year=year,
                quarter=quarter,
                defaults={"due_date": Period.default_due_date(year, quarter)},
            )
            periods.append(period)
        indicators = Indicator.objects.filter(
            source=IndicatorSource.FIGURE, code__in=ranges
        ).select_related("reporting_bureau")
        office = User.objects.get(username="office")
        count = 0
        for indicator in indicators:
            start, end = ranges[indicator.code]
            step = (Decimal(end) - Decimal(start)) / max(len(periods) - 1, 1)
            for i, period in enumerate(periods):
                jitter = Decimal(rng.uniform(-0.01, 0.01)).quantize(Decimal("0.0001"))
                value = (Decimal(start) + step * i) * (1 + jitter)
                # An industry's density has two decimals; counts are whole.
                places = Decimal("0.01") if indicator.parent_id else Decimal("1")
                latest = i == len(periods) - 1
                Figure.objects.update_or_create(
                    indicator=indicator,
                    bureau=indicator.reporting_bureau,
                    period=period,
                    defaults={
                        "value": value.quantize(places),
                        "state": FigureState.SUBMITTED if latest else FigureState.APPROVED,
                        "submitted_at": submitted_at(period),
                        "updated_by": office,
                    },
                )
                count += 1
        return count

    def _baseline_and_population(self, today: datetime.date) -> int:
        office = User.objects.get(username="office")
        wanted = {(code, BASELINE_YEAR): value for code, value in DEMO_BASELINE.items()}
        wanted |= {("2.3.1", year): value for year, value in DEMO_POPULATION.items()}
        indicators = {
            i.code: i
            for i in Indicator.objects.filter(code__in={code for code, _ in wanted})
            .select_related("reporting_bureau")
            .exclude(reporting_bureau=None)
        }
        count = 0
        for (code, year), value in wanted.items():
            if code not in indicators or Period(year=year, quarter=4).end_date >= today:
                continue
            period, _ = Period.objects.get_or_create(
                year=year, quarter=4, defaults={"due_date": Period.default_due_date(year, 4)}
            )
            Figure.objects.update_or_create(
                indicator=indicators[code],
                bureau=indicators[code].reporting_bureau,
                period=period,
                defaults={"value": value, "state": FigureState.APPROVED, "updated_by": office},
            )
            count += 1
        return count

    def _task_reports(self, today: datetime.date) -> int:
        """A report from every owner of every task for each past quarter: approved, except the
        latest quarter, where some bureaus have submitted, some are drafting and some are late.
        The first load writes them in bulk (with their history): hundreds of single saves were
        most of the command's time; a second load updates the ones that exist."""
        rng = random.Random(19)  # noqa: S311 - demo data, not security
        periods = [
            p
            for p in Period.objects.filter(year__gte=FIRST_PERIOD[0]).order_by("year", "quarter")
            if p.end_date < today
        ]
        ownerships = list(TaskOwnership.objects.select_related("task", "bureau"))
        existing = set(
            TaskReport.objects.filter(period__in=periods).values_list(
                "task_id", "bureau_id", "period_id"
            )
        )
        new = []
        count = 0
        for index, period in enumerate(periods):
            latest = index == len(periods) - 1
            percent = min(100, 10 + index * 9)
            for ownership in ownerships:
                state = FigureState.APPROVED
                if latest:
                    state = rng.choice(LATEST_STATES)
                    if state is None:
                        continue  # not started: shows as missing
                key = {"task": ownership.task, "bureau": ownership.bureau, "period": period}
                values = {
                    "status": TaskStatus.ON_TRACK,
                    "percent_complete": percent,
                    "work_done": DEMO_WORK[ownership.task.number % len(DEMO_WORK)],
                    "state": state,
                    "submitted_at": submitted_at(period) if state != "draft" else None,
                }
                if (ownership.task_id, ownership.bureau_id, period.pk) in existing:
                    TaskReport.objects.update_or_create(**key, defaults=values)
                else:
                    new.append(TaskReport(**key, **values))
                count += 1
        bulk_create_with_history(new, TaskReport, batch_size=500)
        return count
