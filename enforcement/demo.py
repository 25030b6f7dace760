"""Demo cases for load_demo: ~40 plausible cases of the demo bureaus, each with its record.

Idempotent: the case numbers are fixed, so a second run finds them and adds nothing. Every case
is written through the services, so the demo records look exactly like real ones.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from bureaus.models import Bureau, BureauKind, User

from . import services
from .models import Campaign, Case, CaseStatus, IPType, Proceeding, Source

RESPONDENTS = [
    ("某某商贸有限公司", "91500000MA5U7Q8X3L"),
    ("某某电子科技有限公司", ""),
    ("某某食品有限公司", ""),
    ("某某汽车配件有限公司", ""),
    ("某某生物医药有限公司", ""),
    ("张某（个体工商户）", None),
    ("李某", None),
]
TITLES = {
    IPType.TRADEMARK: "销售侵犯注册商标专用权商品案",
    IPType.PATENT: "假冒专利案",
    IPType.COPYRIGHT: "侵犯著作权案",
    IPType.GEOGRAPHICAL_INDICATION: "擅自使用地理标志案",
    IPType.PLANT_VARIETY: "侵犯植物新品种权案",
    IPType.TRADE_SECRET: "侵犯商业秘密案",
    IPType.OTHER: "知识产权纠纷案",
}
# Where each demo case stops along the flow.
ENDS = [CaseStatus.CLOSED] * 5 + [
    CaseStatus.PUBLICISED,
    CaseStatus.DECIDED,
    CaseStatus.LEGAL_REVIEW,
    CaseStatus.INVESTIGATING,
    CaseStatus.FILED,
]
FLOW = [
    CaseStatus.INVESTIGATING,
    CaseStatus.LEGAL_REVIEW,
    CaseStatus.DECIDED,
    CaseStatus.PUBLICISED,
    CaseStatus.CLOSED,
]
NOTES = {
    CaseStatus.INVESTIGATING: "现场检查，调取销售记录，制作询问笔录。",
    CaseStatus.LEGAL_REVIEW: "调查终结，提交法制审核。",
    CaseStatus.DECIDED: "作出行政处罚决定。",
    CaseStatus.PUBLICISED: "处罚决定书在国家企业信用信息公示系统公示。",
    CaseStatus.CLOSED: "罚没款已缴清，结案归档。",
}
COUNT = 40


def _company_code(rng: random.Random) -> str:
    from bureaus.validators import USCC_CHARSET, uscc_check_character

    body = "915001" + "".join(rng.choice("0123456789") for _ in range(4))
    body += "".join(rng.choice(USCC_CHARSET) for _ in range(7))
    return body + uscc_check_character(body)


@transaction.atomic
def load_demo_cases(today: datetime.date) -> int:
    """Create the demo cases that do not exist yet; returns how many cases the demo has."""
    rng = random.Random(5)  # noqa: S311 - demo data, not security
    bureaus = {b.code: b for b in Bureau.objects.all()}
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["market", "court", "procuratorate"])
    }
    if "market" not in users or "market" not in bureaus:
        return 0
    towns = list(Bureau.objects.filter(kind=BureauKind.TOWN).order_by("order", "id"))
    campaign, _created = Campaign.objects.get_or_create(
        name="知识产权执法“铁拳”行动",
        defaults={
            "starts_on": datetime.date(today.year, 3, 1),
            "ends_on": datetime.date(today.year, 11, 30),
            "lead_bureau": bureaus["market"],
            "description": "聚焦商标侵权、假冒专利和地理标志违法行为的专项执法行动。",
        },
    )
    handlers = [("market", "XJ", Proceeding.ADMINISTRATIVE)] * 7
    if "court" in users:
        handlers.append(("court", "MC", Proceeding.CIVIL))
    if "procuratorate" in users:
        handlers.append(("procuratorate", "JC", Proceeding.CRIMINAL))
    police = bureaus.get("police") or bureaus.get("public_security")
    for index in range(COUNT):
        username, prefix, proceeding = handlers[index % len(handlers)]
        user = users[username]
        number = f"DEMO-{prefix}-{today.year - (index % 3 == 0)}-{index + 1:03d}"
        if Case.objects.filter(number=number).exists():
            continue
        ip_type = rng.choice(list(IPType)[:6] + [IPType.TRADEMARK] * 3)
        filed = today - datetime.timedelta(days=rng.randint(40, 600))
        name, code = rng.choice(RESPONDENTS)
        company = code is not None
        fine = Decimal(rng.choice([0, 5000, 20000, 50000, 120000, 300000]))
        case = services.case_create(
            user=user,
            data={
                "number": number,
                "title": f"{name}{TITLES[ip_type]}",
                "ip_type": ip_type,
                "proceeding": proceeding,
                "source": rng.choice(list(Source)),
                "town": rng.choice(towns) if towns and rng.random() < 0.7 else None,
                "respondent_name": name,
                "respondent_is_company": company,
                "respondent_uscc": _company_code(rng) if company else "",
                "right_holder": rng.choice(["某某集团股份有限公司", "某某农业专业合作社", ""]),
                "filed_on": filed,
                "illegal_gains": Decimal(rng.randint(0, 80000)),
                "fine": fine,
                "confiscation": Decimal(rng.choice([0, 0, 3000, 15000])),
                "damages": Decimal(rng.choice([0, 0, 100000]))
                if proceeding == Proceeding.CIVIL
                else Decimal(0),
                "punitive_damages": proceeding == Proceeding.CIVIL and rng.random() < 0.3,
                "goods_seized": rng.choice(["", "", "侵权商品 320 件", "假冒包装 1,200 个"]),
                "campaign": campaign if rng.random() < 0.4 else None,
                "joint_enforcement": rng.random() < 0.2,
                "credit_flag": ip_type in (IPType.PATENT, IPType.TRADEMARK) and rng.random() < 0.15,
            },
        )
        if police is not None and username == "market" and index % 13 == 5:
            services.case_advance(
                case, user=user, to_status=CaseStatus.INVESTIGATING, happened_on=filed
            )
            services.case_transfer(
                case,
                user=user,
                to_bureau=police,
                reason="涉嫌犯罪，依法移送公安机关。",
                happened_on=min(filed + datetime.timedelta(days=20), today),
            )
            continue
        end = rng.choice(ENDS)
        day = filed
        for status in FLOW[: FLOW.index(end) + 1] if end != CaseStatus.FILED else []:
            day = min(day + datetime.timedelta(days=rng.randint(5, 40)), today)
            services.case_advance(
                case, user=user, to_status=status, note=NOTES[status], happened_on=day
            )
    return Case.objects.filter(number__startswith="DEMO-").count()
