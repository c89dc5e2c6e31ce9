"""Claims 数据陈述: every figure a report states, with its exact span (docs/reader-labelling.md).

A :class:`Claim` keeps the source slice ``text == source[start:end]``, the number as written
(before its multiplier 万/亿), its unit, qualifier (余, 近, 超过 …), kind, the period the sentence
gives before it, and the phrase it measures. Besides numbers with a unit (12所, 15.67亿元,
百分之三点五, 553万) it reads number words (全部清零, 全覆盖, 三分之二), ranks (排名第一) and
ratios (1:200) from :mod:`dudao.reader.words`. Years, dates, ordinals, document and telephone
numbers, heading numbers, names with digits and numbers inside quoted names are not claims.

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
from bisect import bisect_right
from dataclasses import dataclass, replace

from dudao.reader.kinds import COUNT_UNITS, LEVEL_UNITS, RESTRICTORS, TRAILING, base_kind, kind_of, period_of
from dudao.reader.numerals import parse_chinese, parse_number
from dudao.reader.words import Figure, find_figures, strongest

UNITS = ("个百分点", "百分点", "%", "％", "元", *COUNT_UNITS, *LEVEL_UNITS)
KINDS = (
    "target", "standard", "membership", "rank", "score", "ratio", "change_pp", "change_pct", "share",
    "amount", "count", "level",
)  # fmt: skip
# A unit character followed by these is the start of a word, not a unit: 2.0项目, 名师, 家长.
_WORDS_AFTER = {
    "项": "目", "名": "师校家单称列额誉", "家": "长庭乡属", "本": "地科区市单领", "门": "户诊",
    "节": "日约点", "天": "然津", "台": "账阶", "间": "隔", "分": "析配别类钟享工管之", "位": "于置",
    "所": "有属在以得谓", "批": "准复次", "场": "所地景", "条": "件例", "起": "来步点草", "件": "事",
    "个": "性体别案", "人": "民才员", "次": "年", "部": "分署", "种": "类", "处": "理置", "类": "型",
    "校": "园区长内外际", "支": "持出部", "张": "贴", "班": "级子主", "米": "面", "周": "年末边期",
    "份": "额", "卷": "宗", "期": "间末中初刊望限待工项", "省": "级市委政厅内外属会长域情",
    "市": "级委政场民区县属内外长值容辖直教州", "县": "级城域委政区市属内外长乡情镇直",
}  # fmt: skip
_CN = "零〇一二两三四五六七八九十百千万亿点"
_GAP = r"[ \t\u3000]?"
_PREFIXES = sorted(
    ("近", "约", "超过", "超", "逾", "不足", "不到", "达", "不少于", "不低于", "至少", "不超过"),
    key=len,
    reverse=True,
)
_NUMBER = re.compile(
    r"(?=[近约超逾不达至百千万0-9０-９零〇一二两三四五六七八九十])"  # skip the places no number starts at
    r"(?:(?P<prefix>" + "|".join(_PREFIXES) + r")" + _GAP + ")?"
    r"(?:百分之(?P<pct>[" + _CN + r"]+)"
    r"|(?P<num>(?<![0-9A-Za-z.\-/_第:∶：])(?<!第\s)[0-9０-９]+(?:,[0-9]{3})*(?:\.[0-9]+)?(?![0-9\-/:∶：])"
    r"|(?<![" + _CN + r"第])[零〇一二两三四五六七八九十][" + _CN + r"]*)"
    r"|(?P<bare>(?<![" + _CN + r"0-9])[百千万]))"
    + _GAP
    + r"(?P<infix>余|多)?(?P<mult>万|亿)?(?P<infix2>余|多)?"
    r"(?P<big>大(?=方面|领域|板块|片区|类))?"
    r"(?P<unit>" + "|".join(sorted(map(re.escape, UNITS), key=len, reverse=True)) + r")?"
    r"(?P<suffix>以上|左右|以内|以下|余|多)?"
)
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_CLAUSE_END = re.compile(r"[，,、：:；;。！？!?\n（）()]")
_PHRASE_END = re.compile(r"[，,；;。！？!?\n]")
_PART_LEAD = re.compile(r"^[(（]?(其中|含)?")
_VERB_BEFORE = re.compile(
    r"(召开|开展|完成|投入|推行|覆盖全区|组织|资助|获得|入选|培育了?|新增|建成|清理|签订|举办|实施|设计|培养|有|共|与|达到?)$"
)
_DURATION = re.compile(r"(连续|长达|历时|持续|坚持|已有|累计|年限)[^，,。；;]{0,6}$")
_NOT_DURATION_AFTER = "级度来月底初内前后代份间中期"
_SENTENCE_QUOTE = re.compile(r"[，,、；;。]")
# Policy names with a numeral: counted by no one (两个维护, 五项管理, 两类学校, 三类残疾儿童).
_NAMES = re.compile(
    r"两个(只增不减|维护|确立|一以贯之|覆盖)|四个(意识|自信|全面|服务)|三个(代表|面向|课堂)|五项管理|两类学校|三类残疾"
)
_AGE_RANGE = re.compile(r"[0-9一二三四五六七八九十][至到\-—~～]$")


@dataclass(frozen=True)
class Claim:
    """One quantitative statement; ``start``/``end`` index the text it was read from."""

    text: str
    start: int
    end: int
    number: str  # the number as written: "15.67", "一百二十三", "全部清零"
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
    before: str  # the sentence up to the claim: words that govern it (抽查…, 要求…到2020年)
    inherited: str = ""  # 专任教师31.2万人(小学19.2万人: what a breakdown's short lead (小学) is part of

    @property
    def falls(self) -> bool:
        """A change stated as a fall (下降、减少 …): compared with a negative change."""
        return self.kind.startswith("change") and bool(_FALL.search(TRAILING.sub("", self.lead)))

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


_FALL = re.compile(r"(下降|减少|减轻|降低|压减率?|降幅|减幅)$")


def extract_claims(text: str, start: int = 0, end: int | None = None) -> list[Claim]:
    """Every claim in ``text[start:end]``, in text order; offsets index ``text``."""
    stop = len(text) if end is None else end
    marks = _Marks(text, stop)
    claims = [claim for match in _NUMBER.finditer(text, start, stop) if (claim := _claim(marks, match))]
    taken = [(c.start, c.end) for c in claims]
    for figure in find_figures(text, start, stop):
        if not any(figure.start < e and s < figure.end for s, e in taken):
            claims.append(_from_figure(marks, figure))
    return _with_breakdowns(marks, sorted(claims, key=lambda c: c.start))


class _Marks:
    """Where the sentences and clauses of a text begin, found once (a claim's lead and period)."""

    def __init__(self, text: str, stop: int) -> None:
        self.text = text
        self._sentences = [m.end() for m in _SENTENCE_END.finditer(text, 0, stop)]
        self._clauses = [m.end() for m in _CLAUSE_END.finditer(text, 0, stop)]

    def sentence(self, position: int) -> int:
        """Where the sentence holding ``position`` begins (at most 300 characters back)."""
        return self._start(self._sentences, position)

    def clause(self, position: int) -> int:
        return self._start(self._clauses, position)

    @staticmethod
    def _start(ends: list[int], position: int) -> int:
        index = bisect_right(ends, position) - 1
        return max(position - 300, 0, ends[index] if index >= 0 else 0)


def _with_breakdowns(marks: _Marks, claims: list[Claim]) -> list[Claim]:
    """A claim whose lead is only a part's name (小学, 其中初中) takes the whole from the claim before it."""
    found: list[Claim] = []
    for index, claim in enumerate(claims):
        previous = found[index - 1] if index else None
        part = _PART_LEAD.sub("", claim.lead).strip(" \t\u3000")
        if (
            previous is not None
            and 0 < len(part) <= 4
            and any(r in part for r in RESTRICTORS)
            and previous.unit == claim.unit
            and marks.sentence(claim.start) == marks.sentence(previous.start)
        ):
            whole = previous.inherited or _PART_LEAD.sub("", previous.lead)
            claim = replace(claim, inherited=whole)
        found.append(claim)
    return found


def _claim(marks: _Marks, match: re.Match[str]) -> Claim | None:
    text = marks.text
    unit = match["unit"]
    if unit is None and match["pct"] is None and match["mult"] is None:
        return None
    if unit == "百分点":
        unit = "个百分点"
    if unit == "％" or match["pct"] is not None:
        unit = "%"
    if match["bare"]:
        return _bare(marks, match)
    number = match["pct"] if match["pct"] is not None else match["num"]
    value = parse_number(number) if number[0] not in _CN else _chinese_value(number, match)
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
    following = text[match.end("unit") : match.end("unit") + 1]
    if match["unit"] and following and following in _WORDS_AFTER.get(match["unit"], ""):
        return None
    if not arabic and match["pct"] is None and (number == "一" or match["unit"] == "校"):
        return None  # 一个/一校: an article or a slogan, not a count
    if not arabic and _NAMES.match(text, match.start("num")):
        return None  # 两个维护, 四个意识, 两个只增不减, 五项管理, 两类学校: a policy's name
    if unit in ("岁", "周岁") and _AGE_RANGE.search(text, 0, match.start()):
        return None  # 3至5岁, 0-3岁: an age bracket in a name
    if _inside_quoted_name(text, match.start()):
        return None
    clause_start = marks.clause(match.start())
    lead = text[clause_start : match.start()]
    if unit == "年" and not _is_duration(text, match, value, lead):
        return None
    qualifier = strongest(match["prefix"], match["infix"], match["infix2"], match["suffix"])
    return _make(marks, match.start(), end, number, value, unit, multiplier, qualifier, None)


def _bare(marks: _Marks, match: re.Match[str]) -> Claim | None:
    """百余所, 千余名, 近万名, 1万余: a bare 百/千/万 is a number only with 余/多 or a qualifier before it."""
    if not (match["prefix"] or match["infix"] or match["infix2"]) or match["unit"] is None:
        return None  # 百年, 每百名学生, 万名师生: words, not numbers
    bare = match["bare"]
    value, multiplier = (1.0, "万") if bare == "万" else (100.0 if bare == "百" else 1000.0, match["mult"])
    qualifier = strongest(match["prefix"], match["infix"], match["infix2"], match["suffix"])
    return _make(marks, match.start(), match.end(), bare, value, match["unit"], multiplier, qualifier, None)


def _chinese_value(number: str, match: re.Match[str]) -> float | None:
    return parse_chinese(number.rstrip("万亿") if match["pct"] is None and len(number) > 1 else number)


def _is_duration(text: str, match: re.Match[str], value: float, lead: str) -> bool:
    """N年 is a claim only as a duration (连续举办22年), never a year or a plan's name."""
    following = text[match.end("unit") : match.end("unit") + 1]
    ends_word = bool(following) and following in _NOT_DURATION_AFTER
    return value < 200 and not ends_word and (value != int(value) or bool(_DURATION.search(lead)))


def _from_figure(marks: _Marks, figure: Figure) -> Claim:
    return _make(marks, figure.start, figure.end, figure.number, figure.value, figure.unit, None,
                 figure.qualifier, figure.kind)  # fmt: skip


def _make(
    marks: _Marks,
    start: int,
    end: int,
    number: str,
    value: float,
    unit: str | None,
    multiplier: str | None,
    qualifier: str | None,
    figure_kind: str | None,
) -> Claim:
    text = marks.text
    sentence_start = marks.sentence(start)
    clause_start = marks.clause(start)
    lead = text[clause_start:start]
    after_end = _CLAUSE_END.search(text, end)
    tail = text[end : after_end.start() if after_end else len(text)]
    base = figure_kind or base_kind(unit or "", lead.rstrip(" \t\u3000"))
    phrase_end = _PHRASE_END.search(text, end)
    rest = text[end : phrase_end.start() if phrase_end else len(text)]  # brackets kept: 48个县(市、区)中
    kind = kind_of(base, unit, qualifier, lead, rest, text[sentence_start:start])
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
        period=period_of(text, sentence_start, start),
        subject=_subject(lead, tail),
        lead=lead,
        tail=tail,
        context=text[max(marks.clause(clause_start - 1), sentence_start) : start] + " " + tail,
        before=text[sentence_start:start],
    )


def _subject(before: str, after: str) -> str:
    head = TRAILING.sub("", before).strip(" “”\"'")
    tail = after.strip(" “”\"'")
    if (not head or _VERB_BEFORE.search(head)) and len(tail) >= 2:
        return tail
    return head or tail


def _inside_quoted_name(text: str, position: int) -> bool:
    """Inside “…” that quotes a name (“一校一品”, “三名”工程), not a sentence with a figure in it."""
    line_start = text.rfind("\n", 0, position) + 1
    opening = text.rfind("“", line_start, position)
    if opening < 0 or text.count("”", opening, position):
        return False
    closing = text.find("”", position)
    quoted = text[opening + 1 : closing if closing >= 0 else len(text)]
    return len(quoted) <= 16 and not _SENTENCE_QUOTE.search(quoted)
