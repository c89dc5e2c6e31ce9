"""The scheme model 评价方案: immutable, typed, built by :mod:`.load` from a YAML file.

Terms: an :class:`Element` 数据项 is collected; an :class:`Indicator` 指标值 is computed by a
formula; an :class:`Item` 指标 is a node of the item tree 指标体系 with points, and a leaf
carries a scoring :data:`Rule`. :class:`RoundRule` holds 一票否决 / 降等 / 不得评为优秀.
A :class:`Check` 校验规则 is a consistency rule between a unit's entered values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from dudao.errors import Location
from dudao.expr.ir import Level, Type


@dataclass(frozen=True)
class Formula:
    """Formula text and where it starts in the scheme file (for error positions)."""

    text: str
    location: Location = field(default_factory=Location, compare=False)
    # Columns to add to a formula offset on its first line: quotes shift the text right.
    column_shift: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Element:
    code: str
    name: str
    unit: str = ""
    type: Type = Type.NUMBER
    level: Level = Level.UNIT
    aggregate: str | None = None
    source: str = ""
    aliases: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    # Data quality (docs/data-quality.md): the largest change from last year, in percent, before
    # the value is flagged; and, for a share entered as well as its counts, (numerator, denominator)
    # element codes: the value should be numerator / denominator × the scale of ``unit`` (% → 100).
    max_change: float | None = None
    ratio_of: tuple[str, str] | None = None
    location: Location = field(default_factory=Location, compare=False)

    @property
    def ratio_scale(self) -> float:
        """What ``ratio_of`` is multiplied by: 100 for a unit of %, 1000 for ‰, else 1."""
        return RATIO_SCALES.get(self.unit.strip(), 1.0)


RATIO_SCALES = {"%": 100.0, "％": 100.0, "‰": 1000.0}


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    formula: Formula
    unit: str = ""
    level: Level = Level.UNIT
    aliases: tuple[str, ...] = ()
    location: Location = field(default_factory=Location, compare=False)
    # What the value can be: a share of a whole (巩固率, 覆盖率) cannot exceed 100 %, a gross ratio
    # (毛入园率) can. `dudao quality` flags a unit whose value falls outside.
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Threshold:
    value: Formula
    op: str
    target: Formula
    else_points: float = 0.0
    type: str = "threshold"


@dataclass(frozen=True)
class Linear:
    value: Formula
    zero_at: float
    full_at: float
    type: str = "linear"


@dataclass(frozen=True)
class Step:
    """每低 ``step`` 扣 ``deduct`` 分，扣完为止."""

    value: Formula
    target: float
    step: float
    deduct: float
    direction: str = "below"  # below: shortfall = target - value; above: value - target
    partial: str = "floor"  # floor: whole steps only; ceil: any part of a step counts
    type: str = "step"


@dataclass(frozen=True)
class Band:
    bound: str  # "min": value >= limit; "max": value <= limit
    limit: float
    points: float


@dataclass(frozen=True)
class Bands:
    value: Formula
    bands: tuple[Band, ...]
    else_points: float = 0.0
    type: str = "bands"


@dataclass(frozen=True)
class BooleanRule:
    value: Formula
    type: str = "boolean"


@dataclass(frozen=True)
class PerIncident:
    value: Formula
    deduct: float
    cap: float | None = None  # None: the item's points
    type: str = "per_incident"


@dataclass(frozen=True)
class RubricLevel:
    level: str
    fraction: float
    description: str = ""


@dataclass(frozen=True)
class Rubric:
    levels: tuple[RubricLevel, ...]
    type: str = "rubric"

    def fraction(self, level: str) -> float | None:
        for candidate in self.levels:
            if candidate.level == level:
                return candidate.fraction
        return None


RANK_BY = ("grade", "total")

Rule = Threshold | Linear | Step | Bands | BooleanRule | PerIncident | Rubric
RULE_TYPES = ("threshold", "linear", "step", "bands", "boolean", "per_incident", "rubric")


@dataclass(frozen=True)
class Item:
    """A node of the item tree. A leaf has a rule; an inner item has children."""

    code: str
    name: str
    points: float
    rule: Rule | None = None
    children: tuple[Item, ...] = ()
    owner: str = ""
    evidence: tuple[str, ...] = ()
    guidance: str = ""
    location: Location = field(default_factory=Location, compare=False)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> list[Item]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass(frozen=True)
class BonusItem:
    """A bonus item 加分项, worth at most ``points``.

    Claimed by a unit and accepted by reviewers; or, with a ``value`` formula, computed from
    the data: ``value × each`` points (for example 1 point for each 国家级表彰), between 0 and
    ``points``. A computed item takes no claims.
    """

    code: str
    name: str
    points: float
    evidence: tuple[str, ...] = ()
    location: Location = field(default_factory=Location, compare=False)
    value: Formula | None = None
    each: float = 1.0

    @property
    def computed(self) -> bool:
        return self.value is not None


# Round rules 轮次规则 apply one after another in the order the scheme lists them, each to the
# grade the ones before it left (docs/scheme-format.md has a worked example).
ROUND_RULE_TYPES = ("veto", "downgrade", "cannot_be_excellent")
ROUND_RULE_NAMES = {
    "veto": ("一票否决", "veto"),
    "downgrade": ("降低一个等次", "downgrade one grade"),
    "cannot_be_excellent": ("不得评为优秀", "cannot be top grade"),
}


@dataclass(frozen=True)
class RoundRule:
    code: str
    type: str
    when: Formula
    reason: str
    location: Location = field(default_factory=Location, compare=False)


CHECK_SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Check:
    """A consistency rule 校验规则 between the values one unit enters for a period.

    ``rule`` is a yes/no formula over the elements of ``level`` only; when it is false the
    entry shows ``message``. An ``error`` blocks the save, a ``warning`` is shown but saved.
    """

    code: str
    level: Level
    rule: Formula
    message: str
    severity: str = "error"
    location: Location = field(default_factory=Location, compare=False)


@dataclass(frozen=True)
class Grade:
    name: str
    minimum: float


@dataclass(frozen=True)
class SchoolSplit:
    """Split multi-stage schools by weighted pupils before per-pupil values are computed."""

    pupils: str
    pupils_by_stage: tuple[tuple[str, str], ...]
    weights: tuple[tuple[str, tuple[tuple[str, float], ...]], ...]

    def stage_weights(self, school_type: str) -> dict[str, float] | None:
        for name, weights in self.weights:
            if name == school_type:
                return dict(weights)
        return None


@dataclass(frozen=True)
class SchemeInfo:
    code: str
    title: str
    version: int = 1
    issuer: str = ""
    year: int = 0
    period: int = 0
    evaluates: str = "district"
    total: float = 100.0
    bonus_cap: float = 0.0
    rank_within: str = "parent"
    rank_by: str = "grade"  # grade: by grade, then total within a grade | total: by total alone
    sample: bool = False
    grades: tuple[Grade, ...] = ()
    downgrades_stack: bool = False
    school_split: SchoolSplit | None = None


@dataclass(frozen=True)
class Scheme:
    info: SchemeInfo
    elements: tuple[Element, ...]
    indicators: tuple[Indicator, ...]
    items: tuple[Item, ...]
    bonus: tuple[BonusItem, ...] = ()
    rules: tuple[RoundRule, ...] = ()
    source: str = ""
    digest: str = ""
    checks: tuple[Check, ...] = ()

    @cached_property
    def element_by_code(self) -> dict[str, Element]:
        return {e.code: e for e in self.elements}

    @cached_property
    def indicator_by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}

    @cached_property
    def item_by_code(self) -> dict[str, Item]:
        return {item.code: item for top in self.items for item in top.walk()}

    @cached_property
    def leaves(self) -> tuple[Item, ...]:
        return tuple(item for top in self.items for item in top.walk() if item.is_leaf)

    @cached_property
    def bonus_by_code(self) -> dict[str, BonusItem]:
        return {b.code: b for b in self.bonus}

    def area_of(self, item_code: str) -> Item:
        """The top-level item (一级指标) that contains ``item_code``."""
        for top in self.items:
            if any(i.code == item_code for i in top.walk()):
                return top
        raise KeyError(item_code)

    @property
    def label(self) -> str:
        """The title as shown: a sample scheme always carries 示例."""
        if self.info.sample and "示例" not in self.info.title:
            return f"{self.info.title}（示例）"
        return self.info.title
