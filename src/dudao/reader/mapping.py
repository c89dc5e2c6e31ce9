"""Mapping claims to the scheme: which element 数据项 or indicator 指标值 a claim states.

A claim maps to the element or indicator whose name (or an alias) its clause contains best,
among those whose unit fits the claim (a % to a rate, 个百分点 to a change in points, a
growth in % to a ``growth(…)`` indicator, 亿元 to an amount in 元 or 万元, 所 to 所 …). The
confidence is the share of the name found in the clause (:func:`dudao.reader.similarity.coverage`).

>>> from dudao.reader.claims import extract_claims
>>> from dudao.samples import bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> targets = targets_of(read_scheme(bundled_scheme_path()))
>>> claim = extract_claims("学前三年教育毛入园率达124.6%。")[0]
>>> match = map_claim(claim, targets)
>>> match[0].code, round(match[1], 2)
('gross_kg_rate', 0.86)
"""

from __future__ import annotations

from dataclasses import dataclass

from dudao.expr.ir import Level, Type
from dudao.reader.claims import Claim
from dudao.reader.similarity import coverage
from dudao.scheme.model import Scheme

THRESHOLD = 0.5
# The claim's own clause is tried first; only when no name is found there, the previous clause
# of the sentence too, and a name found that way counts a little less.
WIDE_WEIGHT = 0.9
PEOPLE = frozenset({"人", "名"})
SCALES = {"元": 1.0, "万元": 1e4, "亿元": 1e8}


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
    return claim.unit == target.unit


def map_claim(claim: Claim, targets: list[Target]) -> tuple[Target, float] | None:
    """The best target for a claim and the confidence (0 … 1), or None under :data:`THRESHOLD`."""
    near = f"{claim.lead} {claim.tail}"
    fitting = [t for t in targets if fits(claim, t)]
    for phrase, weight in ((near, 1.0), (claim.context, WIDE_WEIGHT)):
        best: tuple[float, int, Target] | None = None
        for target in fitting:
            score = weight * max(coverage(name, phrase) for name in target.names)
            if best is None or (score, len(target.name)) > best[:2]:
                best = (score, len(target.name), target)
        if best is not None and best[0] >= THRESHOLD:
            return best[2], best[0]
    return None
