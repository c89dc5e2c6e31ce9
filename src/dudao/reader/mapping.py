"""Mapping claims to the scheme: which element 数据项 or indicator 指标值 a claim states.

Among the elements and indicators whose unit fits the claim (a % to a rate, 个百分点 to a change
in points, a growth in % to a ``growth(…)`` indicator, 亿元 to an amount in 元 or 万元, 人 and 名 to
people …), a claim maps to the one whose name (or an alias) best matches the words around it.
Names and words are cut by :mod:`dudao.reader.tokens`; each word weighs more the fewer names use it
(毛入园率 says more than 教育). The match is an F-score, recall-weighted: how much of the name the
words hold, and how much of the words the name explains. The claim's own clause is read first,
then the sentence's previous clause too (its score × 0.9). A target, a standard, a rank or the size
of a group the unit belongs to maps to nothing (a target only to an element that holds a plan).

>>> from dudao.reader.claims import extract_claims
>>> from dudao.samples import bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> targets = targets_of(read_scheme(bundled_scheme_path()))
>>> claim = extract_claims("学前三年教育毛入园率达124.6%。")[0]
>>> match = map_claim(claim, targets)
>>> match[0].code, round(match[1], 2)
('gross_kg_rate', 0.95)
>>> map_claim(extract_claims("建成投用后将新增学位9900个。")[0], targets) is None
True
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import median

from dudao.expr.ir import Level, Type
from dudao.reader.claims import Claim
from dudao.reader.tokens import normalised, words
from dudao.scheme.model import Scheme

THRESHOLD = 0.5
WIDE_WEIGHT = 0.9  # a name found only with the previous clause counts a little less
BETA = 2.0  # recall weighs more: the words around a claim hold more than its name
PEOPLE = frozenset({"人", "名"})
SCALES = {"元": 1.0, "万元": 1e4, "亿元": 1e8}
_UNMAPPED_KINDS = frozenset({"standard", "membership", "rank", "ratio"})
_PLAN_WORDS = ("计划", "任务", "目标")
# Words that restrict a quantity to a stage or a sector: a name with one the words lack (民办义务教育
# 学校数 for 义务教育学校), or words with one the name lacks (小学专任教师 for 专任教师数), is another
# quantity.
_RESTRICTORS = (
    "学前", "幼儿园", "小学", "初中", "高中", "中职", "中等职业", "职业", "高等教育", "高校", "特殊教育",
    "义务教育", "民办", "公办", "普惠",
)  # fmt: skip
_ALL_SCHOOLS = ("中小学幼儿园", "中小学校", "中小学", "各级各类学校")
# The supervisors' own work: what they inspected is not the unit's quantity (抽查学校149所).
_INSPECTED = re.compile(
    r"抽查|走访|督查|随机|实地|访谈|座谈|核查|复查|检查组|深入(?=[0-9一二三四五六七八九十])"
)
PARTIAL = 0.8  # 入园率 for 毛入园率, 覆盖 for 覆盖率: most of a word


@dataclass(frozen=True)
class Target:
    """An element or indicator a claim can state, with what it measures."""

    code: str
    name: str
    source: str  # element | indicator
    unit: str
    aliases: tuple[str, ...] = ()
    growth: bool = False  # growth(x): a change in %
    points: bool = False  # pp_change(x) or unit 个百分点

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @property
    def is_plan(self) -> bool:
        """Whether it holds a plan or a task (年度计划新增学位数), which a target can state."""
        return any(word in self.name for word in _PLAN_WORDS)


def targets_of(scheme: Scheme) -> list[Target]:
    """The scheme's numeric elements and unit-level indicators, each with its unit."""
    found = [
        Target(e.code, e.name, "element", e.unit, e.aliases)
        for e in scheme.elements
        if e.type is Type.NUMBER and (e.level is Level.UNIT or e.aggregate == "sum")
    ]
    for indicator in scheme.indicators:
        if indicator.level is not Level.UNIT:
            continue
        formula = indicator.formula.text.strip()
        found.append(
            Target(
                indicator.code,
                indicator.name,
                "indicator",
                indicator.unit,
                indicator.aliases,
                growth=formula.startswith("growth("),
                points=formula.startswith("pp_change(") or indicator.unit == "个百分点",
            )
        )
    return found


def fits(claim: Claim, target: Target) -> bool:
    """Whether the claim's unit and kind can state the target at all."""
    if claim.kind in _UNMAPPED_KINDS or (claim.kind == "target") != target.is_plan:
        return False
    if claim.kind == "change_pp":
        return target.points
    if claim.kind == "change_pct":
        return target.growth
    if target.growth or target.points:
        return False
    if claim.unit == "%":
        return target.unit in ("%", "％")
    if claim.unit == "元":
        return target.unit in SCALES
    if claim.unit in PEOPLE:
        return target.unit in PEOPLE
    if claim.unit is None:  # 553万 (people), 全部清零 (none of anything), 差异系数0.42
        if claim.kind == "level":
            return not target.unit
        return bool(target.unit) and target.unit not in ("%", "％", "分", *SCALES)
    return claim.unit == target.unit


def map_claim(claim: Claim, targets: Sequence[Target]) -> tuple[Target, float] | None:
    """The best target for a claim and the confidence (0 … 1), or None under :data:`THRESHOLD`."""
    fitting = [t for t in targets if fits(claim, t)]
    if not fitting or _INSPECTED.search(claim.before):
        return None
    index = _index(tuple(targets))
    own = f"{claim.lead} {claim.text if not claim.number[0].isdigit() else ''} {claim.inherited} {claim.tail}"
    whole = words(claim.inherited)
    head = whole[-1] if whole else None  # a breakdown is of its whole: 专任教师 in 初中 专任教师
    for phrase, weight in ((own, 1.0), (f"{claim.context} {claim.inherited}", WIDE_WEIGHT)):
        scored = [(weight * index.score(target, phrase, head), target) for target in fitting]
        score, target = max(scored, key=lambda pair: pair[0])
        if score >= THRESHOLD:
            return target, score
    return None


class _Index:
    """Word weights over the scheme's names: log inverse document frequency."""

    def __init__(self, targets: tuple[Target, ...]) -> None:
        texts = [normalised(" ".join(t.names)) for t in targets]
        vocabulary = {w for t in targets for name in t.names for w in words(name)}
        self._weights = {
            w: 1.0 + math.log((len(texts) + 1) / (1 + sum(w in text for text in texts))) for w in vocabulary
        }
        self._unknown = median(self._weights.values()) if self._weights else 1.0
        self._names = {t: [(normalised(n), words(n)) for n in t.names] for t in targets}

    def weight(self, word: str) -> float:
        return self._weights.get(word, self._unknown)

    def score(self, target: Target, phrase: str, head: str | None = None) -> float:
        """How well ``phrase`` states ``target``: the best F-score over its name and aliases.

        With a ``head`` (the whole a breakdown is part of), only names that account for it count.
        """
        said = normalised(phrase)
        found = words(phrase)
        if not found:
            return 0.0
        scores = [
            self._f_score(name, name_words, said, found)
            for name, name_words in self._names[target]
            if head is None or _explains(name, name_words, head)
        ]
        return max(scores, default=0.0)

    def _f_score(self, name: str, name_words: tuple[str, ...], said: str, found: tuple[str, ...]) -> float:
        if _restricted(name) != _restricted(said):
            return 0.0
        total = sum(self.weight(w) for w in name_words)
        if not total:
            return 0.0
        recall = sum(self.weight(w) * _found_in(w, said) for w in name_words) / total
        explained = sum(self.weight(w) for w in found if _explains(name, name_words, w))
        precision = explained / sum(self.weight(w) for w in found)
        if not recall or not precision:
            return 0.0
        return (1 + BETA**2) * precision * recall / (BETA**2 * precision + recall)


def _found_in(word: str, said: str) -> float:
    """1 when the words hold the name's word, :data:`PARTIAL` when they hold most of it."""
    if word in said:
        return 1.0
    if len(word) >= 3 and (word[1:] in said or word[:-1] in said):
        return PARTIAL
    return 0.0


def _explains(name: str, name_words: tuple[str, ...], word: str) -> bool:
    """Whether a name accounts for a word of the phrase: holds it, or one of its words is in it."""
    return word in name or any(n in word for n in name_words)


def _restricted(text: str) -> frozenset[str]:
    """The stages and sectors a text restricts its quantity to (中小学, 中小学幼儿园: all schools)."""
    for whole in _ALL_SCHOOLS:
        text = text.replace(whole, "")
    return frozenset(r for r in _RESTRICTORS if r in text)


@lru_cache(maxsize=8)
def _index(targets: tuple[Target, ...]) -> _Index:
    return _Index(targets)


_SETTING = re.compile(
    r"学校|幼儿园|公办园|民办园|中小学|小学|初中|高中|完中|教学点|中职|学生|幼儿|在校生|教职工|教师|师生|人口|面积"
    r"|乡镇|街道|行政村|社区|^[区县市镇乡村州]"
)
_HAVING = re.compile(r"辖区|共有|现有|有|辖|人口|面积|其中|在校|在园")
# A sentence about supervising: the schools and counties it counts are what was inspected.
_SUPERVISING = re.compile(r"督导|督查|检查|评估|认定|验收|抽查|反馈")
_ACTION = re.compile(
    r"新增|新建|改扩建|建成|建设|完成|投入|投用|实施|开展|召开|组织|举办|签订|成立|设立|认定|通过|申报|申请|表彰|"
    r"评为|获|入选|授予|培养|培训|资助|招聘|引进|补充|交流|推动|参加|参与|发放|回收|抽取|抽查|走访|督导|督查|检查|"
    r"评估|复查|安排|确认|接受|落实|清理|减少|增加|品牌|示范|特色|先进|优秀|称号|案例"
)


def is_context(claim: Claim) -> bool:
    """Whether a claim describes the unit's setting (its schools, pupils, staff, size) rather than a
    result: the size of a group it belongs to, or a count the report says the unit has."""
    if claim.kind == "membership":
        return True
    if claim.kind not in ("count", "level") or claim.unit in ("元", "%", "个百分点"):
        return False
    phrase = f"{claim.lead} {claim.inherited} {claim.tail}"
    return (
        bool(_SETTING.search(claim.lead + claim.inherited) or _SETTING.search(claim.tail))
        and bool(_HAVING.search(claim.before) or claim.inherited)
        and not _ACTION.search(phrase)
        and not _SUPERVISING.search(claim.before)
    )
