"""Mapping claims to the scheme: which element 数据项 or indicator 指标值 a claim states.

Among the elements and indicators whose unit fits the claim (a % to a rate, 个百分点 to a change
in points, a growth in % to a ``growth(…)`` indicator, 亿元 to an amount in 元 or 万元, 人 and 名 to
people …), a claim maps to the one whose name (or an alias) best matches the words around it.
Names and words are cut by :mod:`dudao.reader.tokens`; each word weighs more the fewer names use it
(毛入园率 says more than 教育). The match is an F-score, recall-weighted: how much of the name the
words hold, and how much of the words the name explains. The claim's own clause is read first,
then the sentence's previous clause too (its score × 0.9), which lends its words only to a clause
that names nothing else. Words that restrict a quantity (a stage, a sector, a group, an age) must
agree on both sides; a breakdown (小学19.2万人 after 专任教师31.2万人) maps only to a name that
accounts for its whole; a figure in a sentence about inspecting counts what was inspected. A
target, a standard, a rank or the size of a group the unit belongs to maps to nothing (a target
only to an element that holds a plan). :func:`is_context` tells the unit's setting from the rest.

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
from dudao.reader.kinds import ALL_SCHOOLS, RESTRICTORS
from dudao.reader.tokens import normalised, words
from dudao.scheme.model import Scheme

THRESHOLD = 0.5
WIDE_WEIGHT = 0.9  # a name found only with the previous clause counts a little less
BETA = 2.0  # recall weighs more: the words around a claim hold more than its name
PEOPLE = frozenset({"人", "名"})
SCALES = {"元": 1.0, "万元": 1e4, "亿元": 1e8}
_UNMAPPED_KINDS = frozenset({"standard", "membership", "rank", "ratio"})
_PLAN_WORDS = ("计划", "任务", "目标")
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
    plan: bool = False  # holds a plan or a task (年度计划新增学位数): what a target can state

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def targets_of(scheme: Scheme) -> list[Target]:
    """The scheme's numeric elements and unit-level indicators, each with its unit."""
    found = [
        Target(e.code, e.name, "element", e.unit, e.aliases, plan=_is_plan(e.name))
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
                plan=_is_plan(indicator.name),
            )
        )
    return found


def _is_plan(name: str) -> bool:
    return any(word in name for word in _PLAN_WORDS)


def fits(claim: Claim, target: Target) -> bool:
    """Whether the claim's unit and kind can state the target at all."""
    if claim.kind in _UNMAPPED_KINDS or (claim.kind == "target") != target.plan:
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
    index = _index(targets)
    word = "" if claim.number[0].isdigit() else claim.text  # 全覆盖 says 覆盖
    own = f"{claim.lead} {word} {claim.inherited} {claim.tail}"
    whole = words(_all_schools_dropped(claim.inherited))
    head = whole[-1] if whole else None  # a breakdown is of its whole: 专任教师 in 初中 专任教师
    named = [w for w in words(claim.lead) if len(w) > 1 and index.known(w)]
    # The previous clause lends its words only to what this one names too (教职工800人 after
    # 在园幼儿9000人 is not a count of children); a verb (召开, 降至) names nothing.
    wide_head = head or (named[-1] if named else None)
    wide = f"{claim.context} {word} {claim.inherited}"
    for phrase, weight, must in ((own, 1.0, head), (wide, WIDE_WEIGHT, wide_head)):
        prepared = index.prepare(phrase)
        scored = [(weight * index.score(target, prepared, must), target) for target in fitting]
        score, target = max(scored, key=lambda pair: pair[0])
        if score >= THRESHOLD:
            return target, score
    return None


@dataclass(frozen=True)
class _Words:
    """A name or a phrase made ready for matching: its normalised text, words and restrictions."""

    text: str
    words: tuple[str, ...]
    weights: tuple[float, ...]
    restricted: frozenset[str]

    @property
    def total(self) -> float:
        return sum(self.weights)


class _Index:
    """Word weights over the scheme's names: log inverse document frequency."""

    def __init__(self, targets: tuple[Target, ...]) -> None:
        texts = [normalised(" ".join(t.names)) for t in targets]
        vocabulary = {w for t in targets for name in t.names for w in words(name)}
        self._weights = {
            w: 1.0 + math.log((len(texts) + 1) / (1 + sum(w in text for text in texts))) for w in vocabulary
        }
        self._unknown = median(self._weights.values()) if self._weights else 1.0
        self._names = {t: [self.prepare(n) for n in t.names] for t in targets}

    def known(self, word: str) -> bool:
        """Whether some name of the scheme uses the word."""
        return word in self._weights

    def weight(self, word: str) -> float:
        return self._weights.get(word, self._unknown)

    def prepare(self, text: str) -> _Words:
        found, said = words(text), normalised(text)
        return _Words(said, found, tuple(self.weight(w) for w in found), _restricted(said))

    def score(self, target: Target, phrase: _Words, head: str | None = None) -> float:
        """How well ``phrase`` states ``target``: the best F-score over its name and aliases.

        With a ``head`` (the whole a breakdown is part of), only names that account for it count.
        """
        if not phrase.words:
            return 0.0
        return max(
            (
                _f_score(name, phrase)
                for name in self._names[target]
                if head is None or _explains(name, head)
            ),
            default=0.0,
        )


def _f_score(name: _Words, phrase: _Words) -> float:
    if name.restricted != phrase.restricted or not name.total:
        return 0.0
    found = zip(name.words, name.weights, strict=True)
    recall = sum(weight * _found_in(word, phrase.text) for word, weight in found) / name.total
    if not recall:
        return 0.0
    explained = zip(phrase.words, phrase.weights, strict=True)
    precision = sum(weight for word, weight in explained if _explains(name, word)) / phrase.total
    if not precision:
        return 0.0
    return (1 + BETA**2) * precision * recall / (BETA**2 * precision + recall)


def _found_in(word: str, said: str) -> float:
    """1 when the words hold the name's word, :data:`PARTIAL` when they hold most of it."""
    if word in said:
        return 1.0
    if len(word) >= 3 and (word[1:] in said or word[:-1] in said):
        return PARTIAL
    return 0.0


def _explains(name: _Words, word: str) -> bool:
    """Whether a name accounts for a word of the phrase: holds it, or one of its words is in it."""
    return word in name.text or any(n in word for n in name.words)


def _all_schools_dropped(text: str) -> str:
    """在校中小学生 → 在校生: the whole of a breakdown, without the words that mean all schools."""
    for whole in ALL_SCHOOLS:
        text = text.replace(whole, "")
    return text


@lru_cache(maxsize=8192)
def _restricted(text: str) -> frozenset[str]:
    """The stages and sectors a text restricts its quantity to (中小学, 中小学幼儿园: all schools)."""
    kept = _all_schools_dropped(text)
    return frozenset(r for r in RESTRICTORS if r in kept)


_INDEXES: dict[int, tuple[Sequence[Target], _Index]] = {}


def _index(targets: Sequence[Target]) -> _Index:
    """The index of a list of targets: looked up by the list object, built once per set of targets."""
    known = _INDEXES.get(id(targets))
    if known is None or known[0] is not targets:
        if len(_INDEXES) >= 8:
            _INDEXES.clear()
        known = (targets, _built(tuple(targets)))
        _INDEXES[id(targets)] = known
    return known[1]


@lru_cache(maxsize=8)
def _built(targets: tuple[Target, ...]) -> _Index:
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
