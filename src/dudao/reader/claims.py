"""Claims 数据陈述: every number in a report that states a quantity, with its exact span.

A :class:`Claim` keeps the source slice ``text == source[start:end]``, the number as written
(before its multiplier 万/亿), its unit, qualifier (余, 近, 超过 …), kind, the period the sentence
gives before it, and the phrase it measures. Years, dates, ordinals, document numbers, heading
numbers, names with digits and numbers inside quoted names are not claims (docs/reader.md).

>>> text = "2021年,全区一般公共预算教育经费15.67亿元,较上年度增长12.75%,十八中等5所学校。"
>>> [(c.text, c.value, c.multiplier, c.unit, c.kind, c.period) for c in extract_claims(text)]
... # doctest: +NORMALIZE_WHITESPACE
[('15.67亿元', 15.67, '亿', '元', 'amount', '2021年'), ('12.75%', 12.75, None, '%', 'change_pct', '2021年'),
 ('5所', 5.0, None, '所', 'count', '2021年')]
>>> [(c.text, c.value, c.qualifier) for c in extract_claims("资助学生1.3万余人,占比超过百分之五十五。")]
[('1.3万余人', 1.3, '余'), ('超过百分之五十五', 55.0, '超过')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dudao.reader.numerals import parse_chinese, parse_number

COUNT_UNITS = (
    "人次", "所", "人", "名", "个", "次", "项", "节", "家", "间", "台", "班", "门", "篇", "本", "批", "场",
    "起", "件", "位", "户", "座", "套", "册", "条", "支", "张", "校", "种", "类", "处", "辆", "部门", "部",
)  # fmt: skip
LEVEL_UNITS = ("平方米", "立方米", "公里", "千米", "小时", "学时", "课时", "岁", "天", "倍", "亩", "米", "分")
UNITS = ("个百分点", "百分点", "%", "％", "元", *COUNT_UNITS, *LEVEL_UNITS)
KINDS = ("change_pct", "change_pp", "share", "amount", "count", "level")
# A unit character followed by these is the start of a word, not a unit: 2.0项目, 名师, 家长.
_WORDS_AFTER = {
    "项": "目", "名": "师校家单称列额誉", "家": "长庭乡属", "本": "地科区市单领", "门": "户诊",
    "节": "日约点", "天": "然津", "台": "账阶", "间": "隔", "分": "析配别类钟享工管", "位": "于置",
    "所": "有属在以得谓", "批": "准复次", "场": "所地景", "条": "件例", "起": "来步点草", "件": "事",
    "个": "性体别案", "人": "民才员", "次": "年", "部": "分署", "种": "类", "处": "理置", "类": "型",
    "校": "园区长内外际", "支": "持出部", "张": "贴", "班": "级子主", "米": "面",
}  # fmt: skip
_CN = "零〇一二两三四五六七八九十百千万亿点"
_NUMBER = re.compile(
    r"(?P<prefix>近|约|超过|不足|达)?"
    r"(?:百分之(?P<pct>[" + _CN + r"]+)"
    r"|(?P<num>(?<![0-9A-Za-z.\-/_第])[0-9０-９]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?![0-9\-/])"
    r"|(?<![" + _CN + r"第])[零〇一二两三四五六七八九十][" + _CN + r"]*))"
    r"(?P<infix>余|多)?(?P<mult>万|亿)?(?P<infix2>余|多)?"
    r"(?P<unit>" + "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True)) + r")?"
    r"(?P<suffix>以上|左右|以内|以下|余|多)?"
)
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_CLAUSE_END = re.compile(r"[，,、：:；;。！？!?\n（）()]")
_PERIOD = re.compile(
    r"(?:[0-9]{4}(?:-[0-9]{4})?年(?:以来|度)?|近[一二两三四五六七八九十0-9]+年(?:来|以来)?"
    r"|[一二两三四五六七八九十]+年(?:来|以来)|今年以来|去年以来)"
)
_CHANGE = re.compile(r"(增长|下降|减少|减轻|降低|提高|增加|上升|压减率|增幅|降幅|减幅|增速|增长率)$")
_FALL = re.compile(r"(下降|减少|减轻|降低|压减率?|降幅|减幅)$")
_TRAILING = re.compile(r"(达到|达|为|约|近|超过|了|共|计|分别)+$")
_VERB_BEFORE = re.compile(
    r"(召开|开展|完成|投入|推行|覆盖全区|组织|资助|获得|入选|培育了?|新增|建成|清理|签订|举办|实施|设计|培养|有|共|与|达到?)$"
)
_QUALIFIER_RANK = ("近", "约", "超过", "不足", "以上", "以内", "以下", "左右", "余", "多", "达")


@dataclass(frozen=True)
class Claim:
    """One quantitative statement; ``start``/``end`` index the text it was read from."""

    text: str
    start: int
    end: int
    number: str  # the number as written: "15.67", "一百二十三"
    value: float  # before the multiplier
    unit: str | None
    multiplier: str | None
    qualifier: str | None
    kind: str
    period: str | None
    subject: str
    lead: str  # the clause before the number
    tail: str  # the clause after the unit
    context: str  # the clause before too, for mapping the claim to the scheme

    @property
    def falls(self) -> bool:
        """A change stated as a fall (下降、减少 …): compared with a negative change."""
        return self.kind.startswith("change") and bool(_FALL.search(_TRAILING.sub("", self.lead)))

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def magnitude(self) -> float:
        """The value with its multiplier applied: 1.3万 → 13000."""
        return self.value * {"万": 1e4, "亿": 1e8}.get(self.multiplier or "", 1.0)

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "span": [self.start, self.end],
            "value": self.value,
            "multiplier": self.multiplier,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "kind": self.kind,
            "period": self.period,
            "subject": self.subject,
        }


def extract_claims(text: str, start: int = 0, end: int | None = None) -> list[Claim]:
    """Every claim in ``text[start:end]``; offsets index ``text``."""
    stop = len(text) if end is None else end
    claims = []
    for match in _NUMBER.finditer(text, start, stop):
        claim = _claim(text, match)
        if claim is not None:
            claims.append(claim)
    return claims


def _claim(text: str, match: re.Match[str]) -> Claim | None:
    unit = match["unit"]
    if unit is None and match["pct"] is None:
        return None
    if unit == "百分点":
        unit = "个百分点"
    if unit == "％" or match["pct"] is not None:
        unit = "%"
    number, begin = _number_text(match)
    value = _value(number, match)
    if value is None:
        return None
    multiplier = match["mult"]
    arabic = match["num"] is not None and number[0] not in _CN
    if not arabic and match["pct"] is None and number[-1] in "万亿" and multiplier is None:
        multiplier, number = number[-1], number[:-1]
        value = parse_chinese(number)
        if value is None:
            return None
    end = match.end()
    unit_end = match.end("unit") if match["unit"] else match.end("pct")
    if (
        match["unit"]
        and text[unit_end : unit_end + 1]
        and text[unit_end] in _WORDS_AFTER.get(match["unit"], "")
    ):
        return None
    if not arabic and match["pct"] is None and (number == "一" or match["unit"] == "校"):
        return None  # 一个/一校: an article or a slogan, not a count
    if _inside_quotes(text, match.start()):
        return None
    qualifier = _qualifier(match)
    start = match.start()  # at a prefix qualifier when there is one, even if another one wins
    sentence_start = _last(_SENTENCE_END, text, start)
    clause_start = _last(_CLAUSE_END, text, start)
    before = text[clause_start : begin if match["prefix"] is None else match.start()]
    after_end = _CLAUSE_END.search(text, end)
    after = text[end : after_end.start() if after_end else len(text)]
    kind = _kind(unit or "", before)
    return Claim(
        text=text[start:end],
        start=start,
        end=end,
        number=number,
        value=value,
        unit=unit,
        multiplier=multiplier,
        qualifier=qualifier,
        kind=kind,
        period=_period(text, sentence_start, start),
        subject=_subject(before, after),
        lead=before,
        tail=after,
        context=text[_last(_CLAUSE_END, text, max(clause_start - 1, sentence_start)) : start] + " " + after,
    )


def _number_text(match: re.Match[str]) -> tuple[str, int]:
    if match["pct"] is not None:
        return match["pct"], match.start("pct") - 3
    return match["num"], match.start("num")


def _value(number: str, match: re.Match[str]) -> float | None:
    if number[0] not in _CN:
        return parse_number(number)
    return parse_chinese(number.rstrip("万亿") if match["pct"] is None and len(number) > 1 else number)


def _qualifier(match: re.Match[str]) -> str | None:
    found = [q for q in (match["prefix"], match["infix"], match["infix2"], match["suffix"]) if q]
    return min(found, key=_QUALIFIER_RANK.index) if found else None


def _kind(unit: str, before: str) -> str:
    if unit == "个百分点":
        return "change_pp"
    if unit == "%":
        return "change_pct" if _CHANGE.search(_TRAILING.sub("", before)) else "share"
    if unit == "元":
        return "amount"
    return "count" if unit in COUNT_UNITS else "level"


def _period(text: str, sentence_start: int, number_start: int) -> str | None:
    found = None
    for match in _PERIOD.finditer(text, sentence_start, number_start):
        inside_title = text.count("《", sentence_start, match.start()) > text.count(
            "》", sentence_start, match.start()
        )
        if not inside_title and not text[match.start() - 1 : match.start()].isdigit():
            found = match.group()
    return found


def _subject(before: str, after: str) -> str:
    head = _TRAILING.sub("", before).strip(" “”\"'")
    tail = after.strip(" “”\"'")
    if (not head or _VERB_BEFORE.search(head)) and len(tail) >= 2:
        return tail
    return head or tail


def _last(pattern: re.Pattern[str], text: str, position: int) -> int:
    """Where the stretch ending at ``position`` begins: just after the last ``pattern`` before it."""
    window = max(0, position - 300)
    last = window
    for match in pattern.finditer(text, window, position):
        last = match.end()
    return last


def _inside_quotes(text: str, position: int) -> bool:
    """Inside “…” within the same paragraph (a quoted name: “一校一品”, “三名”工程)."""
    line_start = text.rfind("\n", 0, position) + 1
    return text.count("“", line_start, position) > text.count("”", line_start, position)
