"""Word lists that make plausible Chinese names, titles and places, and valid identifiers.

Identifiers are made valid by construction (the check characters of bureaus/validators.py and
finance/validators.py), and unique by encoding a serial number, so the generator never retries.
"""

import random

from bureaus.validators import USCC_CHARSET, uscc_check_character
from finance.validators import patent_check_character

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
    "许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力鹏飞斌宇浩凯健俊帆"
BRANDS = "鑫隆泰瑞华丰恒达盛宏远兴旺嘉德和信源通富安康永祥凯晟博创佳美金鼎汇聚天成新锐云川渝巴蜀"
INDUSTRIES = [
    "科技",
    "电子科技",
    "汽车零部件",
    "食品",
    "生物医药",
    "新材料",
    "智能装备",
    "商贸",
    "农业开发",
    "服装",
    "化工",
    "信息技术",
    "机械制造",
    "文化传媒",
]
COMPANY_FORMS = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"]
TOWN_PREFIXES = (
    "青龙白沙石门双河新华复兴太和长生金凤龙泉清水永兴丰盛凤鸣西城东城南山北岭桃源鹿角三江古路"
)
TOWN_SUFFIXES = ["镇", "镇", "街道"]
BANKS = [
    "中国工商银行",
    "中国农业银行",
    "中国银行",
    "中国建设银行",
    "交通银行",
    "招商银行",
    "重庆农村商业银行",
    "重庆银行",
    "兴业银行",
    "中信银行",
]
PLACES = [
    "区政务服务中心",
    "区图书馆报告厅",
    "高新区创业大厦",
    "镇文化服务中心",
    "企业会议室",
    "线上直播",
]
CASE_TITLES = {
    "trademark": ["销售侵犯注册商标专用权商品案", "擅自使用他人注册商标案", "商标侵权案"],
    "patent": ["假冒专利案", "专利侵权纠纷案", "标注失效专利号案"],
    "copyright": ["侵犯著作权案", "销售盗版出版物案", "未经许可传播作品案"],
    "gi": ["擅自使用地理标志案"],
    "plant_variety": ["侵犯植物新品种权案"],
    "trade_secret": ["侵犯商业秘密案"],
    "other": ["知识产权纠纷案"],
}
ACTIVITY_TITLES = {
    "event": [
        "“4·26”知识产权宣传周活动",
        "知识产权进企业宣传",
        "知识产权进校园",
        "打击侵权假冒宣传",
    ],
    "training": ["专利申请实务培训", "商标品牌建设讲座", "知识产权贯标培训", "质押融资政策解读"],
}
NOTES = [
    "现场检查，调取相关证据。",
    "约谈当事人，制作询问笔录。",
    "补充调查材料。",
    "与权利人核实情况。",
]


def person(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    return rng.choice(SURNAMES) + given


def company(rng: random.Random) -> str:
    brand = rng.choice(BRANDS) + rng.choice(BRANDS)
    return f"重庆{brand}{rng.choice(INDUSTRIES)}{rng.choice(COMPANY_FORMS)}"


def uscc(serial: int, rng: random.Random) -> str:
    """A valid, unique unified social credit code: the serial number is its 9-character body."""
    body = []
    for _ in range(9):
        serial, digit = divmod(serial, len(USCC_CHARSET))
        body.append(USCC_CHARSET[digit])
    region = f"500{rng.randrange(100, 160)}"
    first17 = "91" + region + "".join(reversed(body))
    return first17 + uscc_check_character(first17)


def patent_number(rng: random.Random, year: int) -> str:
    digits = f"{year}{rng.choice('123')}{rng.randrange(10**7):07d}"
    return f"ZL{digits}.{patent_check_character(digits)}"


def towns(count: int) -> list[tuple[str, str]]:
    """(code, name) of `count` distinct generated towns and sub-districts."""
    out = []
    prefixes = [TOWN_PREFIXES[i : i + 2] for i in range(0, len(TOWN_PREFIXES), 2)]
    for n in range(count):
        lap = "" if n < len(prefixes) else str(n // len(prefixes) + 1)
        name = prefixes[n % len(prefixes)] + lap + TOWN_SUFFIXES[n % len(TOWN_SUFFIXES)]
        out.append((f"synthetic-town-{n + 1}", name))
    return out
