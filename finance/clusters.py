"""The "2335" industry clusters the plan names (editable data afterwards, in the admin).

The plan lists these five and ends the list with "等": the office adds any others it uses.
"""

PLAN_CLUSTERS = [
    "智能网联新能源汽车零部件及智能制造",
    "食品及农产品加工",
    "生物医药",
    "电子信息",
    "新材料及新能源",
]


def seed_clusters(model) -> None:
    """Create the plan's clusters that are missing (never renames or deletes the office's)."""
    for order, name in enumerate(PLAN_CLUSTERS, start=1):
        model.objects.get_or_create(name=name, defaults={"order": order * 10})
