"""What the results say about one unit's items, ready to be put into words.

An :class:`ItemFact` is one scored item of one unit: what it measures and in which unit, its
value this year and last year, its standard, whether it met it, and its points. The builders
phrase facts; they never look up a number themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from dudao.documents.model import Figure, Part, Source
from dudao.documents.phrasing import change_parts, figure, is_rate, signed_change
from dudao.engine.results import MET, MISSING, UNMET, ItemResult, Results, UnitResult
from dudao.scheme.model import Bands, BooleanRule, Item, Linear, PerIncident, Rubric, Scheme, Step, Threshold

_CODE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")
_GROWTH = re.compile(r"^\s*growth\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$")
_OPS_WORDS = {">=": "不低于", ">": "高于", "<=": "不高于", "<": "低于", "==": "应为", "!=": "不为"}
# An item scored below this share of its points counts as a low score (a problem), whatever its
# status; configurable per call.
LOW_SCORE_SHARE = 0.6


@dataclass(frozen=True)
class Measure:
    """What an item's value is: a name and a unit, and for a growth rate what grows."""

    name: str
    unit: str
    grows: str = ""  # growth(X): the element or indicator X
    is_change: bool = False  # the value is itself a change (增长率 / 个百分点)


def measure_of(scheme: Scheme, item: Item) -> Measure:
    """The indicator or element an item scores, or the item itself for a composite formula."""
    rule = item.rule
    if rule is None or isinstance(rule, Rubric):
        return Measure(item.name, "")
    match = _CODE.match(rule.value.text)
    code = match.group(1) if match else ""
    if code in scheme.indicator_by_code:
        indicator = scheme.indicator_by_code[code]
        grows = _GROWTH.match(indicator.formula.text)
        changes = indicator.formula.text.strip().startswith(("growth(", "pp_change("))
        name = re.sub(r"(增长率|变化)$", "", indicator.name) if changes else indicator.name
        return Measure(name, indicator.unit, grows.group(1) if grows else "", changes)
    if code in scheme.element_by_code:
        element = scheme.element_by_code[code]
        return Measure(element.name, element.unit)
    return Measure(item.name, "")


@dataclass(frozen=True)
class ItemFact:
    scheme: Scheme
    unit: UnitResult
    result: ItemResult
    previous: ItemResult | None
    period: int

    @property
    def item(self) -> Item:
        return self.scheme.item_by_code[self.result.code]

    @cached_property
    def measure(self) -> Measure:
        return measure_of(self.scheme, self.item)

    @property
    def number(self) -> float | None:
        value = self.result.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return float(value)

    @property
    def is_quantitative(self) -> bool:
        return self.number is not None and not isinstance(self.item.rule, BooleanRule | Rubric | PerIncident)

    @property
    def met(self) -> bool:
        return self.result.status == MET

    @property
    def below_standard(self) -> bool:
        return self.result.status == UNMET and self.result.points < self.result.max_points

    @property
    def missing(self) -> bool:
        return self.result.status == MISSING

    def low_score(self, share: float = LOW_SCORE_SHARE) -> bool:
        return self.result.max_points > 0 and self.result.points < share * self.result.max_points

    def source(self, kind: str, period: int | None = None) -> Source:
        return Source(kind, self.result.code, self.unit.code, self.period if period is None else period)

    def value_figure(self) -> Figure:
        assert self.number is not None
        return figure(self.number, self.measure.unit, self.source("item"))

    def value_parts(self) -> list[Part]:
        """达124.6% / 为74.25% / 较上年增长12.75% / 较上年下降0.94个百分点."""
        assert self.number is not None
        if self.measure.is_change:
            return signed_change(self.number, self.measure.unit or "%", self.source("item"))
        return ["达" if self.met else "为", self.value_figure()]

    def change_parts(self) -> list[Part]:
        """较上年提高 x 个百分点 / 较上年增长 x%; nothing when last year is unknown."""
        if self.measure.is_change or self.previous is None:
            return []
        before = self.previous.value
        if self.number is None or isinstance(before, bool) or not isinstance(before, int | float):
            return []
        kind = "change" if is_rate(self.measure.unit) else "growth"
        return change_parts(self.number, float(before), self.measure.unit, self.source(kind))

    def grown_parts(self) -> list[Part]:
        """For a growth rate, the amount that grew: 一般公共预算教育经费15.67亿元."""
        if not self.measure.grows:
            return []
        for value in self.result.explanation.inputs:
            number = value.value
            if value.code == self.measure.grows and value.period == self.period and _is_number(number):
                source = Source("element", value.code, self.unit.code, self.period)
                return [value.name, figure(float(number), value.unit, source)]  # type: ignore[arg-type]
        return []

    def standard_parts(self) -> list[Part]:
        """标准 in words: 不低于85%、不高于5%; [] where the rule has no single target."""
        rule = self.item.rule
        unit = self.measure.unit
        source = self.source("standard")
        match rule:
            case Threshold(op=op, target=target):
                constant = _number(target.text)
                if constant is None:
                    return [_OPS_WORDS[op], self.scheme_name(target.text)]
                return [_OPS_WORDS[op], figure(constant, unit, source)]
            case Linear(zero_at=zero, full_at=full):
                return ["不低于" if full > zero else "不高于", figure(full, unit, source)]
            case Step(target=target, direction=direction):
                return ["不低于" if direction == "below" else "不高于", figure(target, unit, source)]
            case Bands(bands=bands) if bands:
                best = max(bands, key=lambda b: b.points)
                return ["不低于" if best.bound == "min" else "不高于", figure(best.limit, unit, source)]
        return []

    @property
    def upper_bound(self) -> bool:
        """The standard is a ceiling (不高于): less is better."""
        words = [p for p in self.standard_parts() if isinstance(p, str)]
        return bool(words) and words[0] in ("不高于", "低于")

    def beyond_standard(self) -> bool:
        """Met with room to spare: above a floor, or below a ceiling."""
        standard = [p for p in self.standard_parts() if isinstance(p, Figure)]
        if not standard or self.number is None:
            return False
        return self.number < standard[0].value if self.upper_bound else self.number > standard[0].value

    def improved(self) -> bool:
        """Moved the right way since last year (up for a floor, down for a ceiling)."""
        change = self.change_parts()
        if not change or not isinstance(change[0], str):
            return False
        up = change[0] in ("较上年提高", "较上年增长")
        down = change[0] == "较上年下降"
        return down if self.upper_bound else up

    def scheme_name(self, code: str) -> str:
        code = code.strip()
        if code in self.scheme.indicator_by_code:
            return self.scheme.indicator_by_code[code].name
        if code in self.scheme.element_by_code:
            return self.scheme.element_by_code[code].name
        return code

    def points_parts(self) -> list[Part]:
        """得1.5分（满分2分）."""
        return [
            "得",
            Figure(self.result.points, _points(self.result.points), self.source("points")),
            "分（满分",
            Figure(self.result.max_points, _points(self.result.max_points), self.source("max_points")),
            "分）",
        ]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def _points(value: float) -> str:
    return figure(value, "", Source("points")).text


def unit_facts(scheme: Scheme, results: Results, previous: Results | None, code: str) -> list[ItemFact]:
    """Every scored item of one unit, in the scheme's order, with last year's result beside it."""
    unit = results.unit(code)
    before: dict[str, ItemResult] = {}
    if previous is not None:
        try:
            before = {i.code: i for i in previous.unit(code).items}
        except KeyError:
            before = {}
    return [ItemFact(scheme, unit, item, before.get(item.code), results.period) for item in unit.items]


def problems(facts: list[ItemFact], low_share: float = LOW_SCORE_SHARE) -> list[ItemFact]:
    """Items below standard, and items whose score is low (reviewed items scored 中 or 差)."""
    return [
        f
        for f in facts
        if (f.below_standard and not isinstance(f.item.rule, Rubric))
        or (f.low_score(low_share) and not f.missing)
    ]
