"""Demo activities, supervision items and one leader instruction (called by load_demo).

Idempotent: every record is looked up by its title first, so loading the demo twice adds nothing.
"""

import datetime

from django.contrib.contenttypes.models import ContentType

from bureaus.models import Bureau, Role, User

from . import supervision
from .models import (
    Activity,
    ActivityKind,
    AudienceKind,
    KeyTask,
    LeaderInstruction,
    SupervisionItem,
    SupervisionSource,
    Urgency,
)

# bureau code, kind, title, days before today, audience, person-times, place, task number
DEMO_ACTIVITIES = [
    (
        "market",
        ActivityKind.EVENT,
        "4·26知识产权宣传周启动仪式",
        200,
        AudienceKind.PUBLIC,
        300,
        "区文化广场",
        18,
    ),
    (
        "market",
        ActivityKind.TRAINING,
        "企业知识产权贯标专题培训",
        150,
        AudienceKind.ENTERPRISES,
        260,
        "区政务服务中心",
        5,
    ),
    (
        "science",
        ActivityKind.TRAINING,
        "高价值专利培育讲座",
        90,
        AudienceKind.ENTERPRISES,
        180,
        "高新区创新中心",
        6,
    ),
    (
        "education",
        ActivityKind.EVENT,
        "知识产权进校园",
        60,
        AudienceKind.SCHOOLS,
        420,
        "区实验中学",
        18,
    ),
    (
        "town-a",
        ActivityKind.TRAINING,
        "地理标志商标使用培训",
        30,
        AudienceKind.COMMUNITIES,
        95,
        "甲镇便民服务中心",
        7,
    ),
]

# source, title, lead bureau code, days from today to the deadline, urgency, signed off
DEMO_ITEMS = [
    (
        SupervisionSource.INSPECTION,
        "专利侵权纠纷行政裁决案卷不规范，限期整改",
        "market",
        -10,
        Urgency.URGENT,
    ),
    (
        SupervisionSource.JOINT_MEETING,
        "建立知识产权重大事项通报制度",
        "gov_office",
        45,
        Urgency.NORMAL,
    ),
    (SupervisionSource.INSPECTION, "镇街知识产权工作联络员未落实", "town-a", 20, Urgency.NORMAL),
]


def load_demo_supervision(today: datetime.date) -> int:
    """A few activities and supervision items, and one leader instruction; returns how many new."""
    bureaus = {b.code: b for b in Bureau.objects.all()}
    office = User.objects.filter(role=Role.OFFICE, is_active=True).order_by("pk").first()
    leader = User.objects.filter(role=Role.LEADER, is_active=True).order_by("pk").first()
    if office is None:
        return 0
    tasks = {t.number: t for t in KeyTask.objects.all()}
    created = 0
    for code, kind, title, days, audience, person_times, place, task in DEMO_ACTIVITIES:
        if code not in bureaus or Activity.objects.filter(title=title).exists():
            continue
        Activity.objects.create(
            kind=kind,
            title=title,
            date=today - datetime.timedelta(days=days),
            bureau=bureaus[code],
            task=tasks.get(task),
            audience=audience,
            person_times=person_times,
            place=place,
            summary="（演示数据）",
            created_by=office,
        )
        created += 1
    for source, title, code, days, urgency in DEMO_ITEMS:
        if code not in bureaus or SupervisionItem.objects.filter(title=title).exists():
            continue
        fields = {
            "title": title,
            "lead_bureau": bureaus[code],
            "deadline": today + datetime.timedelta(days=days),
            "urgency": urgency,
        }
        if source == SupervisionSource.INSPECTION:
            supervision.inspection_finding_record(
                user=office,
                date=today - datetime.timedelta(days=40),
                bureau=bureaus[code],
                inspectors="领导小组办公室督查组",
                findings=title,
                **fields,
            )
        else:
            supervision.meeting_decision_record(
                user=office,
                date=today - datetime.timedelta(days=30),
                meeting_title="区知识产权工作联席会议",
                attendees="领导小组成员单位分管负责人",
                decisions=title,
                **fields,
            )
        created += 1
    task = tasks.get(12)
    task_type = ContentType.objects.get_for_model(KeyTask)
    if (
        leader is not None
        and task is not None
        and task.ownerships.exists()
        and not LeaderInstruction.objects.filter(target_type=task_type, target_id=task.pk).exists()
    ):
        supervision.instruction_give(
            user=leader,
            target=task,
            text="质押融资贴息政策要加快兑现，请牵头单位月底前报送推进情况。",
            deadline=today + datetime.timedelta(days=25),
        )
        created += 1
    return created
