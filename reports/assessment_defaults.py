"""The issue's default assessment criteria: seeded by a data migration, and again when a test
database was flushed. Weights add up to 100 points."""

DEFAULTS = [
    # code, name, weight, target, how it is scored
    ("timeliness", "报送及时性", "20", None, "按期报送的数据和任务进展报告 ÷ 应报送数"),
    ("completeness", "报送完整性", "20", None, "已报送的数据和任务进展报告 ÷ 应报送数"),
    ("task_progress", "牵头和配合任务进展", "20", None, "各项任务年内最新报告的完成百分比的平均值"),
    ("indicators", "负责指标完成情况", "15", None, "达成或进度正常计 1，存在风险计 0.5，其余计 0"),
    (
        "supervision",
        "督办事项按期办结",
        "15",
        None,
        "截止日期在年内的牵头督办事项中按期办结并经销号的比例",
    ),
    (
        "activities",
        "宣传培训活动开展",
        "10",
        "2",
        "年内开展宣传活动和培训讲座次数 ÷ 目标次数（最高 1）",
    ),
]
