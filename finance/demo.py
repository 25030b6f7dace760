"""Demo finance records for load_demo: fictional enterprises with valid codes, pledge loans with
interest subsidies, IP insurance, subsidy policies and budget lines.

Idempotent: enterprises are found by their code and loans by their registration number, so a
second run adds nothing. Records are written through the services as the demo bureau staff, so
they obey the same rules as real ones (valid codes and patent numbers, subsidy caps, budgets).
"""

import datetime
import random
from decimal import Decimal

from django.apps import apps
from django.db import transaction

from bureaus.models import Bureau, BureauKind, User
from bureaus.validators import uscc_check_character

from . import services
from .models import (
    BudgetLine,
    Enterprise,
    IndustryCluster,
    InsuranceKind,
    InsurancePolicy,
    InterestSubsidy,
    IPStatus,
    Level,
    LoanStatus,
    PledgeLoan,
    Purpose,
    Spending,
    SubsidyPolicy,
)
from .validators import patent_check_character

DEMO, ADV = IPStatus.DEMONSTRATION, IPStatus.ADVANTAGE
NAT, MUN, DIS = Level.NATIONAL, Level.MUNICIPAL, Level.DISTRICT

# Clearly fictional names ("示例" = example); the cluster is given by its position in the plan.
# name, cluster, keeping bureau, high-tech, above size, listed, status, level
ENTERPRISES = [
    (
        "示例智联汽车部件有限公司",
        0,
        "market",
        True,
        True,
        False,
        IPStatus.DEMONSTRATION,
        Level.MUNICIPAL,
    ),
    ("示例精密智造股份有限公司", 0, "market", True, True, True, ADV, NAT),
    (
        "示例新能源电驱科技有限公司",
        0,
        "economy",
        True,
        False,
        False,
        IPStatus.ADVANTAGE,
        Level.MUNICIPAL,
    ),
    ("示例绿色食品有限公司", 1, "market", False, True, False, ADV, DIS),
    ("示例富硒农产品加工有限公司", 1, "market", False, True, False, "", ""),
    ("示例卤味食品有限公司", 1, "economy", False, False, False, "", ""),
    (
        "示例生物制药有限公司",
        2,
        "science",
        True,
        True,
        False,
        IPStatus.DEMONSTRATION,
        Level.MUNICIPAL,
    ),
    ("示例医疗器械科技有限公司", 2, "science", True, False, False, "", ""),
    (
        "示例电子信息技术有限公司",
        3,
        "science",
        True,
        True,
        False,
        IPStatus.DEMONSTRATION,
        Level.DISTRICT,
    ),
    ("示例智能传感有限公司", 3, "market", True, False, False, "", ""),
    ("示例新材料科技有限公司", 4, "market", True, True, False, ADV, MUN),
    ("示例光伏储能有限公司", 4, "economy", False, True, False, "", ""),
]
BANKS = [
    "示例农商银行城区支行",
    "示例建设银行高新支行",
    "示例工商银行开发区支行",
    "示例城市商业银行支行",
]
STAFF = {"market": "market", "science": "science", "economy": "economy"}


def demo_uscc(serial: int) -> str:
    first17 = f"91500000MAD{serial:06d}"
    return first17 + uscc_check_character(first17)


def demo_patent(rng: random.Random, year: int) -> str:
    digits = f"{year}{rng.choice('12')}{rng.randrange(10**7):07d}"
    return f"ZL{digits}.{patent_check_character(digits)}"


def _users() -> dict[str, User]:
    return {u.username: u for u in User.objects.filter(username__in=STAFF.values())}


@transaction.atomic
def load_demo_finance(today: datetime.date) -> int:
    """Create what is missing; returns how many loans the demo has."""
    rng = random.Random(12)  # noqa: S311 - demo data, not security
    users = _users()
    if "market" not in users:
        return 0
    towns = list(Bureau.objects.filter(kind=BureauKind.TOWN).order_by("order"))
    clusters = list(IndustryCluster.objects.order_by("order", "id"))
    for year in (today.year - 1, today.year):
        SubsidyPolicy.objects.get_or_create(
            year=year,
            defaults={"share": Decimal("50"), "cap_per_enterprise": Decimal("200000")},
        )
    enterprises = _enterprises(rng, users, towns, clusters, today)
    loans = _loans(rng, users, enterprises, today)
    _insurance(users, enterprises, today)
    _budget(users, today)
    return loans


def _enterprises(rng, users, towns, clusters, today) -> list[Enterprise]:
    out = []
    rows = list(ENTERPRISES)
    # Respondents of the demo enforcement cases become enterprises too, so their page shows them.
    try:
        case_model = apps.get_model("enforcement", "Case")
        respondents = list(
            case_model.objects.exclude(respondent_uscc="")
            .values_list("respondent_name", "respondent_uscc")
            .distinct()[:2]
        )
    except LookupError:
        respondents = []
    for serial, row in enumerate(rows, start=1):
        name, cluster, keeper, high_tech, above, listed, status, level = row
        user = users.get(STAFF[keeper]) or users["market"]
        code = demo_uscc(serial)
        enterprise = Enterprise.objects.filter(uscc=code).first()
        if enterprise is None:
            certified = serial % 3 != 0
            certified_on = datetime.date(today.year - 2 + serial % 2, 1 + serial % 12, 1)
            data = {
                "name": name,
                "uscc": code,
                "town": towns[serial % len(towns)] if towns else None,
                "cluster": clusters[cluster] if cluster < len(clusters) else None,
                "is_high_tech": high_tech,
                "is_above_size": above,
                "is_listed": listed,
                "standard_certified_on": certified_on if certified else None,
                "ip_status": status,
                "ip_status_level": level,
                "ip_status_year": today.year - serial % 3 if status else None,
                "contact": "",
            }
            if certified:
                data["standard_valid_until"] = data["standard_certified_on"].replace(
                    year=data["standard_certified_on"].year + 3
                )
            enterprise = services.enterprise_save(enterprise=Enterprise(), user=user, data=data)
        out.append(enterprise)
    for name, code in respondents:
        enterprise = Enterprise.objects.filter(uscc=code).first()
        if enterprise is None:
            try:
                enterprise = services.enterprise_save(
                    enterprise=Enterprise(),
                    user=users["market"],
                    data={"name": name, "uscc": code, "cluster": rng.choice(clusters or [None])},
                )
            except services.FinanceError:
                continue
        out.append(enterprise)
    return out


def _loans(rng, users, enterprises, today) -> int:
    count = 0
    first = datetime.date(today.year - 1, 1, 1)
    for index in range(18):
        number = f"DEMO-ZY-{first.year}-{index + 1:03d}"
        if PledgeLoan.objects.filter(registration_number=number).exists():
            count += 1
            continue
        enterprise = enterprises[index % len(enterprises)]
        user = next(
            (u for u in users.values() if u.bureau_id == enterprise.bureau_id), users["market"]
        )
        start = first + datetime.timedelta(days=30 * index + rng.randrange(20))
        if start >= today:
            continue
        amount = Decimal(rng.choice([300, 500, 800, 1000, 1500, 2000, 3000])) * 10_000
        maturity = start.replace(year=start.year + 1)
        status, closed = LoanStatus.ACTIVE, None
        if maturity < today:
            status, closed = LoanStatus.REPAID, maturity
        if index == 4:
            status, closed = LoanStatus.OVERDUE, None
        data = {
            "enterprise": enterprise,
            "lender": BANKS[index % len(BANKS)],
            "amount": amount,
            "rate": Decimal(rng.choice(["3.10", "3.45", "3.65", "3.85"])),
            "start_date": start,
            "maturity_date": maturity,
            "registration_number": number,
            "patent_numbers": "\n".join(demo_patent(rng, 2018 + index % 6) for _ in range(2)),
            "trademark_numbers": str(rng.randrange(10**7, 8 * 10**7)) if index % 3 == 0 else "",
            "status": status,
            "closed_on": closed,
            "risk_share": Decimal("30") if index % 2 else None,
        }
        loan = services.loan_save(loan=PledgeLoan(), user=user, data=data)
        count += 1
        _subsidy(loan, user, today)
    return count


def _subsidy(loan: PledgeLoan, user: User, today: datetime.date) -> None:
    """Half a year of interest, applied for, approved and (when old enough) paid."""
    end = min(loan.start_date + datetime.timedelta(days=181), today - datetime.timedelta(days=1))
    if end <= loan.start_date or InterestSubsidy.objects.filter(loan=loan).exists():
        return
    subsidy = InterestSubsidy(loan=loan)
    subsidy.policy = services.policy_for(loan.start_date)
    if subsidy.policy is None:
        return
    subsidy.interest_from, subsidy.interest_to = loan.start_date, end
    limit, _message = services.subsidy_limit(subsidy)
    applied_on = end + datetime.timedelta(days=10)
    if applied_on >= today or limit <= 0:
        return
    data = {
        "interest_from": loan.start_date,
        "interest_to": end,
        "applied_amount": limit,
        "applied_on": applied_on,
        "approved_amount": limit,
        "approved_on": applied_on + datetime.timedelta(days=20),
    }
    paid_on = applied_on + datetime.timedelta(days=45)
    if paid_on < today:
        data |= {"paid_amount": limit, "paid_on": paid_on}
    services.subsidy_save(subsidy=subsidy, user=user, data=data)


def _insurance(users, enterprises, today) -> None:
    kinds = list(InsuranceKind)
    for index, enterprise in enumerate(enterprises[:6]):
        number = f"DEMO-BX-{index + 1:04d}"
        if InsurancePolicy.objects.filter(policy_number=number).exists():
            continue
        user = next(
            (u for u in users.values() if u.bureau_id == enterprise.bureau_id), users["market"]
        )
        starts = datetime.date(today.year, 1 + index, 1) if index < 11 else today
        if starts > today:
            starts = datetime.date(today.year - 1, 1 + index, 1)
        services.insurance_save(
            policy=InsurancePolicy(),
            user=user,
            data={
                "enterprise": enterprise,
                "kind": kinds[index % len(kinds)],
                "insurer": "示例财产保险公司",
                "policy_number": number,
                "premium": Decimal(8000 + 2000 * index),
                "coverage": Decimal(500_000 * (1 + index % 3)),
                "starts_on": starts,
                "ends_on": starts.replace(year=starts.year + 1) - datetime.timedelta(days=1),
            },
        )


def _budget(users, today) -> None:
    market = users["market"]
    plan = [
        (Purpose.UTILISATION, "知识产权质押融资贴息", Decimal("1200000")),
        (Purpose.CREATION, "高价值专利培育", Decimal("800000")),
        (Purpose.PROTECTION, "知识产权保护专项行动", Decimal("500000")),
        (Purpose.SERVICES, "知识产权公共服务平台运维", Decimal("300000")),
        (Purpose.PUBLICITY, "知识产权宣传周与培训", Decimal("200000")),
    ]
    for year in (today.year - 1, today.year):
        for purpose, title, allocated in plan:
            line, created = BudgetLine.objects.get_or_create(
                year=year,
                purpose=purpose,
                title=title,
                defaults={"bureau_id": market.bureau_id, "allocated": allocated},
            )
            if not created or Spending.objects.filter(budget_line=line).exists():
                continue
            share = Decimal("0.85") if year < today.year else Decimal("0.4")
            for quarter in range(4):
                day = datetime.date(year, 3 * quarter + 2, 15)
                if day >= today:
                    break
                services.spending_save(
                    spending=Spending(),
                    user=market,
                    data={
                        "budget_line": line,
                        "spent_on": day,
                        "amount": (allocated * share / 4).quantize(Decimal("0.01")),
                        "description": f"{title}（第{quarter + 1}季度）",
                    },
                )
