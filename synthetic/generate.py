"""One district's registers over eight years (2019–2026), times `scale`, for the benchmark.

At scale 1: the programme's bureaus plus TOWNS generated towns (≈40 units), every figure-reported
indicator and every task report for all 32 quarters, and the registers of PER_SCALE. Everything
comes from random.Random streams seeded with the seed, one per table, so a seed gives the same
data on a fresh database. Dates stop at `until` (today by default): a case filed last month is
still under investigation, one filed in 2019 is closed.

Every generated row is written by (or kept under) a user whose name starts with SYNTHETIC_PREFIX:
that is how `real_records()` tells generated data from real data.
"""

import datetime
import random
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction

from bureaus.models import Bureau, BureauKind, Role, User
from enforcement.models import (
    Campaign,
    Case,
    CaseStatus,
    CaseStep,
    IPType,
    Proceeding,
    Source,
    StepKind,
    Transfer,
    TransferStatus,
)
from finance.models import Enterprise, IndustryCluster, IPStatus, Level, LoanStatus, PledgeLoan
from reports import dashboard_cache
from targets.models import Figure, Indicator, IndicatorSource, Period
from tasks_registry.models import (
    Activity,
    ActivityKind,
    AudienceKind,
    KeyTask,
    TaskOwnership,
    TaskReport,
    TaskStatus,
)
from workflow.models import SubmissionState

from . import names
from .writer import Writer

SYNTHETIC_PREFIX = "synthetic-"
SYNTHETIC_PASSWORD = "Synthetic@2026"  # noqa: S105 - generated test data only, documented
TOWNS = 22
YEARS = range(2019, 2027)
FIRST_DAY = datetime.date(2019, 1, 1)
PER_SCALE = {"cases": 2000, "enterprises": 2000, "loans": 1000, "activities": 3000}
ZONE = ZoneInfo("Asia/Shanghai")

# Who handles cases, and how often (the market regulator's IP office handles most).
CASE_BUREAUS = {
    "market": 60,
    "public_security": 12,
    "culture_tourism": 8,
    "court": 6,
    "agriculture": 5,
    "commerce": 3,
    "procuratorate": 3,
    "hitech_zone": 3,
}
PROCEEDING_OF = {
    "public_security": Proceeding.CRIMINAL,
    "procuratorate": Proceeding.CRIMINAL,
    "court": Proceeding.CIVIL,
}
IP_TYPES = {
    IPType.TRADEMARK: 55,
    IPType.PATENT: 15,
    IPType.COPYRIGHT: 15,
    IPType.GEOGRAPHICAL_INDICATION: 3,
    IPType.PLANT_VARIETY: 2,
    IPType.TRADE_SECRET: 3,
    IPType.OTHER: 7,
}
FULL_FLOW = [
    CaseStatus.INVESTIGATING,
    CaseStatus.LEGAL_REVIEW,
    CaseStatus.DECIDED,
    CaseStatus.PUBLICISED,
    CaseStatus.CLOSED,
]
# Level at 2019Q1 and growth per quarter of the figure-reported indicators. 3.1 is counted from
# the industries the office lists (R3.4): an industry listed starts below its national average.
FIGURE_SHAPES = {
    "2.1": (400, Decimal("0.02")),
    "2.2": (150, Decimal("0.025")),
    "2.4": (11000, Decimal("0.012")),
    "3.3": (90000, Decimal("0.015")),
    "2.3.1": (640000, Decimal("0.001")),
}
INDUSTRY_SHAPE = (Decimal("0.75"), Decimal("0.012"))  # share of the national average, growth
WORK = [
    "召开知识产权联席会议，通报重点工作进展。",
    "组织企业开展知识产权贯标辅导。",
    "开展专项执法检查，查办知识产权案件并按规定公示。",
    "举办知识产权专题培训。",
    "走访重点企业，宣传质押融资贴息政策。",
]


class GenerationRefused(Exception):
    """The database is not one to write synthetic data into (see the message)."""


def real_records() -> list[str]:
    """The registers that hold rows nobody generated (their names), empty when there are none."""
    checks = [
        (Case, "created_by"),
        (Activity, "created_by"),
        (Enterprise, "updated_by"),
        (PledgeLoan, "updated_by"),
        (Figure, "updated_by"),
        (TaskReport, "updated_by"),
    ]
    return [
        str(model._meta.verbose_name_plural)
        for model, user in checks
        if model.objects.exclude(**{f"{user}__username__startswith": SYNTHETIC_PREFIX}).exists()
    ]


def already_generated() -> bool:
    return User.objects.filter(username__startswith=SYNTHETIC_PREFIX).exists()


def generate(*, scale: float, seed: int, until: datetime.date, log: Callable = print) -> dict:
    """Write the data set in one transaction; return {model label: rows written}."""
    if already_generated():
        raise GenerationRefused("already generated")
    with transaction.atomic():
        written = Generator(scale=scale, seed=seed, until=until, log=log).run()
        dashboard_cache.bump()  # COPY and bulk writes send no signal
        return written


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _money(value: float) -> Decimal:
    return Decimal(round(value, -2)).quantize(Decimal("0.01"))


class Generator:
    def __init__(self, *, scale: float, seed: int, until: datetime.date, log: Callable):
        self.scale, self.seed, self.until, self.log = scale, seed, until, log
        self.now = datetime.datetime.combine(until, datetime.time(18), tzinfo=ZONE)
        self.writer = Writer(self.now)

    def rng(self, table: str) -> random.Random:
        """One stream per table, so adding rows to one table never shifts another's."""
        return random.Random(f"{self.seed}/{table}")  # noqa: S311 - test data, not secrets

    def count(self, register: str) -> int:
        return max(1, round(PER_SCALE[register] * self.scale))

    def day(self, rng: random.Random, start: datetime.date = FIRST_DAY) -> datetime.date:
        return start + datetime.timedelta(days=rng.randrange((self.until - start).days + 1))

    def at(self, day: datetime.date, hour: int = 9, second: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZONE) + (
            datetime.timedelta(seconds=second)
        )

    def run(self) -> dict:
        self.units()
        self.figures_and_reports()
        self.cases()
        self.enterprises_and_loans()
        self.activities()
        self.writer.reset_sequences()
        self.writer.analyze()
        return self.writer.counts

    # Units, people, periods -----------------------------------------------------------------

    def units(self) -> None:
        for order, (code, name) in enumerate(names.towns(TOWNS), start=1):
            Bureau.objects.get_or_create(
                code=code, defaults={"name": name, "kind": BureauKind.TOWN, "order": 2000 + order}
            )
        self.bureaus = {b.code: b for b in Bureau.objects.all()}
        self.towns = [b.pk for b in self.bureaus.values() if b.kind == BureauKind.TOWN]
        password = make_password(SYNTHETIC_PASSWORD)
        people = [
            User(
                username=f"{SYNTHETIC_PREFIX}{code}",
                first_name=f"{bureau.name[:10]}填报员",
                role=Role.STAFF,
                bureau=bureau,
                password=password,
                password_changed_at=self.now,
            )
            for code, bureau in self.bureaus.items()
        ]
        people += [
            User(
                username=f"{SYNTHETIC_PREFIX}office",
                role=Role.OFFICE,
                is_staff=True,
                bureau=self.bureaus["market"],
                password=password,
                password_changed_at=self.now,
            ),
            User(
                username=f"{SYNTHETIC_PREFIX}leader",
                role=Role.LEADER,
                password=password,
                password_changed_at=self.now,
            ),
        ]
        User.objects.bulk_create(people)
        self.staff = {
            u.bureau_id: u.pk
            for u in User.objects.filter(username__startswith=SYNTHETIC_PREFIX, role=Role.STAFF)
        }
        self.periods = []
        for year in YEARS:
            for quarter in (1, 2, 3, 4):
                period, _ = Period.objects.get_or_create(
                    year=year,
                    quarter=quarter,
                    defaults={"due_date": Period.default_due_date(year, quarter)},
                )
                if period.start_date <= self.until:
                    self.periods.append(period)
        self.campaigns = []
        for year in YEARS:
            starts = datetime.date(year, 4, 1)
            if starts > self.until:
                continue
            campaign, _ = Campaign.objects.get_or_create(
                name=f"{year}年知识产权执法“铁拳”专项行动（生成）",
                defaults={
                    "starts_on": starts,
                    "ends_on": datetime.date(year, 10, 31),
                    "lead_bureau": self.bureaus["market"],
                },
            )
            self.campaigns.append(campaign)

    # Figures and task reports ---------------------------------------------------------------

    def _state(self, rng: random.Random, period: Period) -> str:
        """Ended quarters are approved, the last one spread over the workflow, this one drafts."""
        if period.end_date >= self.until:
            return SubmissionState.DRAFT
        if period.due_date >= self.until - datetime.timedelta(days=92):
            return rng.choice(list(SubmissionState))
        return SubmissionState.APPROVED

    def _submittable(self, rng, period, bureau_id) -> dict:
        state = self._state(rng, period)
        submitted = None
        if state != SubmissionState.DRAFT:
            submitted = self.at(period.due_date - datetime.timedelta(days=rng.randint(0, 8)))
        return {
            "bureau_id": bureau_id,
            "period_id": period.pk,
            "state": state,
            "submitted_at": submitted,
            "updated_by_id": self.staff[bureau_id],
            "updated_at": submitted or self.now,
        }

    def figures_and_reports(self) -> None:
        rng = self.rng("figures")
        indicators = Indicator.objects.filter(
            source=IndicatorSource.FIGURE, reporting_bureau__isnull=False
        ).order_by("code")

        def figures():
            for indicator in indicators:
                start, growth = FIGURE_SHAPES.get(indicator.code, (100, Decimal("0.02")))
                if indicator.parent_id and indicator.target_value:
                    share, growth = INDUSTRY_SHAPE
                    start = indicator.target_value * share
                level = Decimal(start)
                for period in self.periods:
                    level *= 1 + growth * Decimal(rng.uniform(0.5, 1.5))
                    row = self._submittable(rng, period, indicator.reporting_bureau_id)
                    row.update(indicator_id=indicator.pk, value=level.quantize(Decimal("0.0001")))
                    yield row

        self.writer.write(Figure, figures())
        rng = self.rng("task-reports")
        ownerships = TaskOwnership.objects.order_by("task__number", "bureau__order", "bureau_id")

        def reports():
            for ownership in ownerships.values_list("task_id", "bureau_id"):
                for n, period in enumerate(self.periods, start=1):
                    row = self._submittable(rng, period, ownership[1])
                    percent = min(100, 3 * n + rng.randint(0, 5))
                    delayed = percent < 100 and rng.random() < 0.1
                    row.update(
                        task_id=ownership[0],
                        percent_complete=percent,
                        status=TaskStatus.DONE
                        if percent == 100
                        else (TaskStatus.DELAYED if delayed else TaskStatus.ON_TRACK),
                        work_done=rng.choice(WORK),
                        problems="部分企业参与积极性不高，进度滞后。" if delayed else "",
                    )
                    yield row

        self.writer.write(TaskReport, reports())

    # Cases ------------------------------------------------------------------------------------

    def cases(self) -> None:
        rng = self.rng("cases")
        total = self.count("cases")
        handlers = {self.bureaus[c].pk: w for c, w in CASE_BUREAUS.items() if c in self.bureaus}
        code_of = {b.pk: code for code, b in self.bureaus.items()}
        receivers = [self.bureaus["public_security"].pk, self.bureaus["procuratorate"].pk]
        case_id, step_id = self.writer.next_id(Case), self.writer.next_id(CaseStep)
        transfer_id = self.writer.next_id(Transfer)
        done = 0
        while done < total:
            cases, steps, transfers = [], [], []
            for _ in range(min(10_000, total - done)):
                case, case_steps, transfer = self._case(rng, case_id, handlers, code_of, receivers)
                for step in case_steps:
                    step["id"] = step_id
                    step_id += 1
                if transfer:
                    transfer["id"] = transfer_id
                    transfer_id += 1
                    transfers.append(transfer)
                cases.append(case)
                steps.extend(case_steps)
                case_id += 1
                done += 1
            self.writer.write(Case, cases)
            self.writer.write(CaseStep, steps)
            self.writer.write(Transfer, transfers)
            self.log(f"  cases: {done}/{total}")

    def _case(self, rng, case_id, handlers, code_of, receivers):
        bureau_id = _weighted(rng, handlers)
        user_id = self.staff[bureau_id]
        filed = self.day(rng)
        ip_type = _weighted(rng, IP_TYPES)
        proceeding = PROCEEDING_OF.get(code_of[bureau_id], Proceeding.ADMINISTRATIVE)
        transferred = proceeding == Proceeding.ADMINISTRATIVE and rng.random() < 0.05
        if transferred:
            flow = [CaseStatus.INVESTIGATING, CaseStatus.TRANSFERRED, CaseStatus.CLOSED]
        elif rng.random() < 0.08:
            flow = [CaseStatus.INVESTIGATING, CaseStatus.CLOSED]  # dropped: no infringement
        else:
            flow = FULL_FLOW
        steps = [(StepKind.STATUS, "", CaseStatus.FILED, filed, "立案。", bureau_id)]
        day, status, reached = filed, CaseStatus.FILED, {}
        transfer = None
        for to_status in flow:
            day = day + datetime.timedelta(days=rng.randint(5, 70))
            if day > self.until:
                break
            if rng.random() < 0.05:
                steps.append((StepKind.NOTE, "", "", day, rng.choice(names.NOTES), bureau_id))
            kind = StepKind.TRANSFER if to_status == CaseStatus.TRANSFERRED else StepKind.STATUS
            steps.append((kind, status, to_status, day, "", bureau_id))
            status, reached[to_status] = to_status, day
            if to_status == CaseStatus.TRANSFERRED:
                to_bureau = rng.choice([r for r in receivers if r != bureau_id])
                accepted = day + datetime.timedelta(days=rng.randint(1, 10))
                transfer = {
                    "case_id": case_id,
                    "from_bureau_id": bureau_id,
                    "to_bureau_id": to_bureau,
                    "reason": "涉嫌犯罪，依法移送。",
                    "transferred_on": day,
                    "transferred_by_id": user_id,
                    "status": TransferStatus.PENDING,
                }
                if accepted <= self.until:
                    transfer.update(
                        status=TransferStatus.ACCEPTED,
                        accepted_on=accepted,
                        accepted_by_id=self.staff[to_bureau],
                    )
                    steps.append((StepKind.ACCEPT, "", "", accepted, "", to_bureau))
                    day = accepted
        decided = reached.get(CaseStatus.DECIDED)
        company = rng.random() < 0.75
        amounts = {"illegal_gains": 0, "fine": 0, "confiscation": 0, "damages": 0}
        if decided and proceeding == Proceeding.CIVIL:
            amounts["damages"] = rng.lognormvariate(11, 1)
        elif decided:
            amounts["fine"] = rng.lognormvariate(9.5, 1)
            amounts["illegal_gains"] = rng.lognormvariate(8.5, 1.2) if rng.random() < 0.5 else 0
            amounts["confiscation"] = rng.lognormvariate(8, 1) if rng.random() < 0.3 else 0
        campaign = next((c.pk for c in self.campaigns if c.starts_on <= filed <= c.ends_on), None)
        case = {
            "id": case_id,
            "number": f"{code_of[bureau_id][:6].upper()}罚〔{filed.year}〕{case_id:07d}号",
            "title": rng.choice(names.CASE_TITLES[ip_type]),
            "ip_type": ip_type,
            "proceeding": proceeding,
            "source": rng.choice(list(Source)),
            "status": status,
            "bureau_id": bureau_id,
            "town_id": rng.choice(self.towns) if rng.random() < 0.7 else None,
            "respondent_name": names.company(rng) if company else names.person(rng),
            "respondent_is_company": company,
            "respondent_uscc": names.uscc(rng.randrange(31**9), rng)
            if company and rng.random() < 0.6
            else "",
            "right_holder": names.company(rng) if ip_type != IPType.OTHER else "",
            "filed_on": filed,
            "decided_on": decided,
            "closed_on": reached.get(CaseStatus.CLOSED),
            **{key: _money(value) for key, value in amounts.items()},
            "punitive_damages": proceeding == Proceeding.CIVIL and rng.random() < 0.1,
            "goods_seized": f"侵权商品{rng.randint(10, 5000)}件" if rng.random() < 0.4 else "",
            "campaign_id": campaign if rng.random() < 0.3 else None,
            "joint_enforcement": rng.random() < 0.1,
            "credit_flag": rng.random() < 0.03,
            "created_by_id": user_id,
            "created_at": self.at(filed),
            "updated_at": self.at(day, 17),
        }
        rows = [
            {
                "case_id": case_id,
                "kind": kind,
                "from_status": from_status,
                "to_status": to_status,
                "happened_on": when,
                "note": note,
                "user_id": self.staff[by],
                "bureau_id": by,
                "at": self.at(when, 10, n),
            }
            for n, (kind, from_status, to_status, when, note, by) in enumerate(steps)
        ]
        return case, rows, transfer

    # Enterprises and pledge loans -----------------------------------------------------------

    def enterprises_and_loans(self) -> None:
        rng = self.rng("enterprises")
        total = self.count("enterprises")
        keepers = [self.bureaus[c].pk for c in ("market", "economy", "science")]
        clusters = list(IndustryCluster.objects.values_list("pk", flat=True))
        first_id = self.writer.next_id(Enterprise)
        offset = rng.randrange(31**8)

        def enterprises():
            for n in range(total):
                keeper = rng.choices(keepers, weights=[7, 2, 1])[0]
                row = {
                    "id": first_id + n,
                    "name": names.company(rng),
                    "uscc": names.uscc(offset + n, rng),
                    "bureau_id": keeper,
                    "updated_by_id": self.staff[keeper],
                    "town_id": rng.choice(self.towns),
                    "cluster_id": rng.choice(clusters) if clusters and rng.random() < 0.7 else None,
                    "is_high_tech": rng.random() < 0.2,
                    "is_above_size": rng.random() < 0.3,
                    "is_listed": rng.random() < 0.02,
                    "contact": names.person(rng),
                }
                if rng.random() < 0.25:
                    certified = self.day(rng)
                    row["standard_certified_on"] = certified
                    row["standard_valid_until"] = (
                        certified.replace(year=certified.year + 3)
                        if (
                            certified.month,
                            certified.day,
                        )
                        != (2, 29)
                        else certified + datetime.timedelta(days=1095)
                    )
                if rng.random() < 0.1:
                    row["ip_status"] = rng.choice([IPStatus.DEMONSTRATION, IPStatus.ADVANTAGE])
                    row["ip_status_level"] = rng.choices(list(Level), weights=[1, 5, 4])[0]
                    row["ip_status_year"] = rng.randint(2019, self.until.year)
                yield row

        self.writer.write(Enterprise, enterprises())
        self.log(f"  enterprises: {total}")
        rng = self.rng("loans")
        loans = self.count("loans")
        keepers = [self.bureaus["market"].pk, self.bureaus["finance"].pk]

        def pledge_loans():
            for _ in range(loans):
                keeper = rng.choices(keepers, weights=[4, 1])[0]
                start = self.day(rng)
                maturity = start + datetime.timedelta(days=365 * rng.randint(1, 3))
                status, closed = LoanStatus.ACTIVE, None
                if maturity <= self.until:
                    roll = rng.random()
                    if roll < 0.9:
                        status, closed = LoanStatus.REPAID, maturity
                    elif roll < 0.95:
                        status = LoanStatus.OVERDUE
                    else:
                        status = LoanStatus.DEFAULTED
                patents = [
                    names.patent_number(rng, rng.randint(2010, start.year))
                    for _ in range(rng.randint(1, 3))
                ]
                trademarks = [str(rng.randrange(10**6, 7 * 10**7))] if rng.random() < 0.2 else []
                yield {
                    "enterprise_id": first_id + rng.randrange(total),
                    "bureau_id": keeper,
                    "updated_by_id": self.staff[keeper],
                    "lender": rng.choice(names.BANKS),
                    "amount": Decimal(rng.randrange(50, 5000) * 10_000),
                    "rate": Decimal(rng.randrange(3000, 5500)) / 1000,
                    "start_date": start,
                    "maturity_date": maturity,
                    "registration_number": f"Y{start.year}500{rng.randrange(10**6):06d}",
                    "patent_numbers": "\n".join(patents),
                    "trademark_numbers": "\n".join(trademarks),
                    "status": status,
                    "closed_on": closed,
                    "risk_share": Decimal(rng.choice([0, 20, 30, 40])) or None,
                    "created_at": self.at(start),
                    "updated_at": self.at(closed or start),
                }

        self.writer.write(PledgeLoan, pledge_loans())
        self.log(f"  pledge loans: {loans}")

    # Activities -------------------------------------------------------------------------------

    def activities(self) -> None:
        rng = self.rng("activities")
        total = self.count("activities")
        units = sorted(self.staff)
        tasks = list(KeyTask.objects.values_list("pk", flat=True))

        def rows():
            for _ in range(total):
                kind = rng.choice(list(ActivityKind))
                bureau_id = rng.choice(units)
                day = self.day(rng)
                training = kind == ActivityKind.TRAINING
                yield {
                    "kind": kind,
                    "title": rng.choice(names.ACTIVITY_TITLES[kind]),
                    "date": day,
                    "bureau_id": bureau_id,
                    "task_id": rng.choice(tasks) if tasks and rng.random() < 0.4 else None,
                    "audience": rng.choice(list(AudienceKind)),
                    "person_times": rng.randint(20, 300) if training else rng.randint(50, 2000),
                    "place": rng.choice(names.PLACES),
                    "summary": "活动按计划开展，反响良好。",
                    "created_by_id": self.staff[bureau_id],
                    "created_at": self.at(day, 17),
                    "updated_at": self.at(day, 17),
                }

        self.writer.write(Activity, rows())
        self.log(f"  activities: {total}")
