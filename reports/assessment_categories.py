"""Who is ranked against whom: the assessment's categories (区级部门, 政法单位, 镇街, 园区).

The plan names no categories; these are the portal's proposal, which the office edits in the
admin. 政法单位 are the four units of the plan's judicial protection (task 9: investigation,
prosecution, trial) and mediation links (task 11): 区法院, 区检察院, 区公安局, 区司法局.
"""

from bureaus.models import Bureau, BureauKind

from .models import AssessmentCategory

# code, name, kinds of unit placed there by default, bureau codes listed there by default
DEFAULT_CATEGORIES = [
    ("departments", "区级部门", [BureauKind.BUREAU], []),
    (
        "legal",
        "政法单位",
        [BureauKind.COURT, BureauKind.PROCURATORATE],
        ["public_security", "justice"],
    ),
    ("towns", "镇街", [BureauKind.TOWN], []),
    ("zones", "园区", [BureauKind.ZONE], []),
]


def categories() -> list[AssessmentCategory]:
    """The categories in force (with their listed units); the defaults if there are none
    (seeded after every migrate, reports/apps.py)."""
    rows = list(AssessmentCategory.objects.prefetch_related("bureaus").order_by("order", "id"))
    if rows:
        return rows
    for order, (code, name, kinds, codes) in enumerate(DEFAULT_CATEGORIES, start=1):
        category = AssessmentCategory.objects.create(
            code=code, name=name, order=order, kinds=[str(kind) for kind in kinds]
        )
        category.bureaus.set(Bureau.objects.filter(code__in=codes))
    return list(AssessmentCategory.objects.prefetch_related("bureaus").order_by("order", "id"))


def category_of(bureau: Bureau, rows: list[AssessmentCategory]) -> AssessmentCategory | None:
    """The first category that lists the unit, else the first whose kinds include its kind."""
    for row in rows:
        if any(member.pk == bureau.pk for member in row.bureaus.all()):
            return row
    return next((row for row in rows if bureau.kind in row.kinds), None)
