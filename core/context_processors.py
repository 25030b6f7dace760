from .demo import DEMO_MARK, demo_loaded


def demo(request):
    """The 演示数据 banner of the base template (R4.5): the mark, or "" for real data."""
    return {"demo_data": DEMO_MARK if demo_loaded() else ""}
