"""What a claim is (its kind) and when (its period), from the words around the number.

The kind follows docs/reader-labelling.md, the first that applies: ``target`` (a future figure or
goal: 将新增, 建成投用后, 力争, a quoted goal “到2020年…达到95%”), ``standard`` (a norm the report
cites: 按照 1:200 要求, 每年…不少于 2 次), ``membership`` (5个区县之一, 在9个地级市中排名第一: the size
of a group, not a count of the unit's own), then the kind of the figure itself: ``rank``,
``score`` (分 after 成绩/得分), ``ratio``, ``change_pp``, ``change_pct``, ``share``, ``amount``,
``count`` or ``level``.

>>> kind_of("count", "个", None, "建成投用后将新增学位", "", "正在实施的学校5所,建成投用后将新增学位")
'target'
>>> kind_of("count", "个", None, "获评成效明显的", "区县之一予以通报", "获评成效明显的")
'membership'
>>> kind_of("level", "分", None, "评价成绩为", "", "评价成绩为")
'score'
"""

from __future__ import annotations

import re

COUNT_UNITS = (
    "人次", "场次", "所", "人", "名", "个", "次", "项", "节", "家", "间", "台", "班", "门", "篇", "本", "批",
    "场", "起", "件", "位", "户", "座", "套", "册", "条", "支", "张", "校", "种", "类", "处", "辆", "部门",
    "部", "份", "卷", "期", "方面", "领域", "板块", "片区", "省份", "省", "市", "县",
)  # fmt: skip
LEVEL_UNITS = (
    "平方公里", "平方米", "立方米", "公顷", "公里", "千米", "小时", "学时", "课时", "分钟", "周岁", "岁",
    "个月", "天", "周", "倍", "亩", "米", "分", "年",
)  # fmt: skip
# Words that restrict a quantity to a stage, a sector or a group of people: a name with one the
# words lack (民办义务教育学校数 for 义务教育学校), or words with one the name lacks (小学专任教师 for
# 专任教师数), is another quantity; a breakdown's lead that names one (小学, 其中公办园) is a part.
RESTRICTORS = (
    "学前", "幼儿园", "小学", "初中", "高中", "中职", "中等职业", "职业", "高等教育", "高校", "特殊教育",
    "义务教育", "民办", "公办", "普惠", "残疾", "随迁", "少数民族", "留守", "岁",
)  # fmt: skip
# Words that mean all schools: they restrict nothing.
ALL_SCHOOLS = ("中小学幼儿园", "中小学校", "中小学", "各级各类学校")
_CHANGE = re.compile(r"(增长|下降|减少|减轻|降低|提高|增加|上升|压减率|增幅|降幅|减幅|增速|增长率)$")
# Verbs and particles between a quantity's name and its number: 毛入园率达到 → 毛入园率.
TRAILING = re.compile(r"(达到|达|为|约|近|超过|了|共|计|分别)+$")
_FUTURE = re.compile(
    r"(将(新增|有|达到?|建成|增加|提高|超过|突破|惠及|覆盖|提供|形成|实现|再)|建成投用后|建成后|投用后|投入使用后"
    r"|力争|预计|争取|拟(新增|建设|投入|新建)|计划(新增|建设|投入|完成|新建))"
)
_QUOTED_GOAL = re.compile(r"(要求|提出|明确|目标|规划|确保)[^。；;]*到[0-9]{4}年")
_RULE = re.compile(r"(每|要求|标准|规定|不得|须|应当?)")
_RULE_QUALIFIERS = ("不少于", "不低于", "至少", "不超过")
_PER_STANDARD = re.compile(r"(按照|按)$")
_STANDARD_AFTER = re.compile(r"^(的)?(要求|标准)")
_SCORE = re.compile(r"(成绩|得分|总分|评分|分数|自评|考核|测评|评价|满意)")
_RANKED_IN = re.compile(r"(排名|位列|名列|位居|居)")
_PERIOD = re.compile(
    r"(?:[0-9]{4}(?:[-—–][0-9]{4})?年(?:以来|度)?|近[一二两三四五六七八九十0-9]+年(?:来|以来)?"
    r"|[一二两三四五六七八九十]+年(?:来|以来)|今年以来|去年以来)"
)


def base_kind(unit: str, lead: str) -> str:
    """The kind the unit (and a change verb before a %) gives: share, change_pct, amount …"""
    if unit == "个百分点":
        return "change_pp"
    if unit == "%":
        return "change_pct" if _CHANGE.search(TRAILING.sub("", lead)) else "share"
    if unit == "元":
        return "amount"
    if unit == ":":
        return "ratio"
    return "count" if unit in COUNT_UNITS or not unit else "level"


def kind_of(base: str, unit: str | None, qualifier: str | None, lead: str, tail: str, before: str) -> str:
    """The claim's kind: ``base`` unless the words around make it a target, standard, membership or score.

    ``lead`` is the clause before the number, ``tail`` the clause after it, ``before`` the sentence
    up to the number.
    """
    if _FUTURE.search(lead) or _QUOTED_GOAL.search(before):
        return "target"
    if (qualifier in _RULE_QUALIFIERS and _RULE.search(lead)) or (
        _PER_STANDARD.search(lead.rstrip()) and _STANDARD_AFTER.search(tail.lstrip())
    ):
        return "standard"
    if "之一" in tail or ("在" in lead and "中" in tail and _RANKED_IN.search(tail)):
        return "membership"
    if base == "level" and unit == "分" and _SCORE.search(lead):
        return "score"
    return base


def period_of(text: str, sentence_start: int, number_start: int) -> str | None:
    """The last time phrase before the number in its sentence, outside titles 《…》 and 〔…〕."""
    found = None
    for match in _PERIOD.finditer(text, sentence_start, number_start):
        opened = text[sentence_start : match.start()]
        inside = opened.count("《") > opened.count("》") or opened.count("〔") > opened.count("〕")
        if not inside and not text[match.start() - 1 : match.start()].isdigit():
            found = match.group()
    return found
