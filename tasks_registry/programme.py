"""Load the district's plan (data/programme.json) into the database, idempotently.

Every loaded row remembers the values it was last loaded with (`seed`). On a re-run a field is
updated only while it still holds its loaded value: what the office edited is kept, and nothing
is ever duplicated because rows are matched by their code or number.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import models, transaction

from bureaus.models import Bureau, BureauKind
from reports import dashboard_cache
from targets.models import Indicator, TargetArea

from .models import KeyTask, OwnershipRole, TaskGroup, TaskOwnership

PLAN_FILE = Path(__file__).parent / "data" / "programme.json"
PLAN_TEXT_FILE = Path(settings.BASE_DIR) / "docs" / "programme-plan.zh.txt"
OWNERS_KEY = "_owners"

# The scanned plan's OCR slips (DOMAIN.md, last section) and how the portal writes them (R3.1).
OCR_CORRECTIONS = (
    ("100O", "1000"),
    ("力口强", "加强"),
    ("培训I", "培训"),
    ("()落实", "(三)落实"),
    ('"2335”先进', "“2335”先进"),
    ('聚焦我区"2335先进', "聚焦我区“2335”先进"),
    ("”强企”", "“强企”"),
    ('一站式"服务', "“一站式”服务"),
    ('“双随机、一公开"', "“双随机、一公开”"),
)


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    kept_edits: list[str] = field(default_factory=list)


def read_plan() -> dict:
    return json.loads(PLAN_FILE.read_text(encoding="utf-8"))


def corrected(text: str) -> str:
    """The plan's text with its OCR slips corrected: what every loaded wording is taken from."""
    for slip, correction in OCR_CORRECTIONS:
        text = text.replace(slip, correction)
    return text


def plan_text() -> str:
    return corrected(PLAN_TEXT_FILE.read_text(encoding="utf-8"))


def _plain(value):
    """A JSON-safe form of a field value, so loaded and current values compare exactly."""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


def _sync(model: type[models.Model], lookup: dict, values: dict, report: LoadReport):
    """Create or update one seeded row, keeping any field the office changed since loading."""
    obj = model.objects.filter(**lookup).first()
    new_seed = {name: _plain(value) for name, value in values.items()}
    if obj is None:
        report.created += 1
        return model.objects.create(**lookup, **values, seed=new_seed)
    changed = False
    # A default the office confirmed is its choice now (R4.2): a reload never overwrites it.
    confirmed = getattr(obj, "confirmed_at", None) is not None
    kept = {f"{name}_id" for name in getattr(obj, "CONFIRMED_FIELDS", ())}
    kept |= set(getattr(obj, "CONFIRMED_FIELDS", ()))
    for name, value in values.items():
        current = _plain(getattr(obj, name))
        if confirmed and name in kept and current != _plain(value):
            report.kept_edits.append(f"{obj}: {name}")
            continue
        if name in obj.seed and current != obj.seed[name]:
            report.kept_edits.append(f"{obj}: {name}")
            continue
        if current != _plain(value):
            setattr(obj, name, value)
            changed = True
    if changed or obj.seed != {**obj.seed, **new_seed}:
        obj.seed = {**obj.seed, **new_seed}
        obj.save()
        report.updated += changed
    return obj


def _sync_owners(task: KeyTask, owners: list[tuple[int, str]], report: LoadReport) -> None:
    """Replace a task's owners with the defaults, unless the office has changed or confirmed
    them (R4.2)."""
    rows = list(task.ownerships.all())
    current = sorted([o.bureau_id, o.role] for o in rows)
    wanted = sorted([bureau_id, role] for bureau_id, role in owners)
    loaded = task.seed.get(OWNERS_KEY)
    office_edited = current != loaded if loaded is not None else bool(current)
    confirmed = any(o.confirmed_at is not None for o in rows)
    office_edited = office_edited or (confirmed and current != wanted)
    if office_edited:
        report.kept_edits.append(f"{task}: owners")
    elif current != wanted:
        task.ownerships.all().delete()
        TaskOwnership.objects.bulk_create(
            TaskOwnership(task=task, bureau_id=b, role=r, is_default=True) for b, r in wanted
        )
        dashboard_cache.bump()  # bulk_create sends no signal
        report.updated += 1
    if loaded != wanted:
        task.seed[OWNERS_KEY] = wanted
        task.save(update_fields=["seed"])


@transaction.atomic
def load_programme() -> LoadReport:
    plan = read_plan()
    report = LoadReport()

    bureaus = {}
    for order, row in enumerate(plan["bureaus"], start=1):
        bureaus[row["code"]] = _sync(
            Bureau,
            {"code": row["code"]},
            {
                "name": row["name"],
                "kind": BureauKind(row["kind"]),
                "order": order * 10,
                "is_member": True,
                "is_office": row["code"] == plan["office_bureau"],
            },
            report,
        )

    areas = {
        row["number"]: _sync(
            TargetArea,
            {"number": row["number"]},
            {"title": row["title"], "description": row["description"]},
            report,
        )
        for row in plan["target_areas"]
    }

    for order, row in enumerate(plan["indicators"], start=1):
        reporter = bureaus.get(row["reporter"]) if row["reporter"] else None
        target = row["target_value"]
        _sync(
            Indicator,
            {"code": row["code"]},
            {
                "area_id": areas[row["area"]].pk,
                "name": row["name"],
                "unit": row["unit"],
                "kind": row["kind"],
                "target_value": Decimal(target) if target is not None else None,
                "target_text": row["target_text"],
                "annualised": row["annualised"],
                "baseline_year": row.get("baseline_year"),
                "metric": row.get("metric", ""),
                "formula": row.get("formula", ""),
                "is_auxiliary": row.get("auxiliary", False),
                "source": row["source"],
                "reporting_bureau_id": reporter.pk if reporter else None,
                "order": order * 10,
            },
            report,
        )

    for group_row in plan["task_groups"]:
        group = _sync(
            TaskGroup, {"number": group_row["number"]}, {"title": group_row["title"]}, report
        )
        for row in group_row["tasks"]:
            task = _sync(
                KeyTask,
                {"number": row["number"]},
                {
                    "group_id": group.pk,
                    "title": row["title"],
                    "description": row["description"],
                },
                report,
            )
            owners = [(bureaus[row["lead"]].pk, OwnershipRole.LEAD)]
            owners += [(bureaus[code].pk, OwnershipRole.COOPERATING) for code in row["co"]]
            _sync_owners(task, owners, report)
    return report
