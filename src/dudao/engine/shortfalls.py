"""Shortfalls 问题: what a unit's final results say it has to rectify.

A problem list 问题清单 starts from these. A unit falls short where one of three things holds:

- an item is below its standard (``未达标``);
- an item scored under a share of its points (``DEFAULT_SHARE``; a round sets its own), which
  includes an item whose data is missing and so scored nothing;
- a round rule fired: a veto, a downgrade or "cannot be excellent".

Each shortfall says which item or rule it is about, what the results show (the standard, the
unit's value and points), how severe it is and where it came from.

>>> unit = {"items": [
...     {"code": "A1.1", "name": "生均用地", "standard": "≥ 18", "value": 12.5, "points": 0,
...      "max_points": 2, "status": "未达标"},
...     {"code": "A1.2", "name": "班额", "standard": "≤ 45", "value": 44, "points": 2,
...      "max_points": 2, "status": "达标"},
... ], "rules": [{"code": "R1", "type": "veto", "type_zh": "一票否决", "reason": "重大安全事故"}]}
>>> [(s.item, s.source.value, s.severity.value) for s in shortfalls(unit)]
[('A1.1', 'below_standard', 'major'), ('R1', 'rule', 'serious')]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dudao.engine.explanation import fmt
from dudao.engine.results import MISSING, UNMET

DEFAULT_SHARE = 0.6


class Source(StrEnum):
    BELOW_STANDARD = "below_standard"
    LOW_SCORE = "low_score"
    RULE = "rule"


class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    SERIOUS = "serious"


_RULE_SEVERITY = {"veto": Severity.SERIOUS, "downgrade": Severity.SERIOUS}


@dataclass(frozen=True)
class Shortfall:
    """One thing a unit must rectify: ``item`` is the item's or the rule's code."""

    item: str
    title: str
    evidence: str
    severity: Severity
    source: Source


def _item_shortfall(item: Mapping[str, Any], share: float) -> Shortfall | None:
    points, most = float(item.get("points") or 0), float(item.get("max_points") or 0)
    status = str(item.get("status", ""))
    below = status == UNMET
    low = most > 0 and points < share * most
    if not below and not low:
        return None
    shown = fmt(item.get("value"))
    standard = item.get("standard") or "—"
    evidence = f"标准：{standard}；本单位：{shown}；得分 {fmt(points)}/{fmt(most)}（{status}）"
    if status == MISSING:
        evidence += "；数据缺失，按 0 分计"
    severity = Severity.MAJOR if below and points == 0 and most > 0 else Severity.MINOR
    source = Source.BELOW_STANDARD if below else Source.LOW_SCORE
    return Shortfall(str(item["code"]), str(item.get("name", "")), evidence, severity, source)


def _rule_shortfall(rule: Mapping[str, Any]) -> Shortfall:
    kind = str(rule.get("type_zh") or rule.get("type", ""))
    reason = str(rule.get("reason", ""))
    evidence = f"{kind}规则成立：{reason}"
    if rule.get("changed"):
        evidence += f"；等次 {rule.get('grade_before')} → {rule.get('grade_after')}"
    severity = _RULE_SEVERITY.get(str(rule.get("type")), Severity.MAJOR)
    return Shortfall(str(rule["code"]), reason or kind, evidence, severity, Source.RULE)


def shortfalls(unit: Mapping[str, Any], *, share: float = DEFAULT_SHARE) -> list[Shortfall]:
    """A unit's shortfalls, from its results as frozen (``UnitResult.to_dict()``): its items in
    the scheme's order, then the rules that fired."""
    if not 0 <= share <= 1:
        raise ValueError(f"share must lie in [0, 1], not {share}")
    items: Iterable[Mapping[str, Any]] = unit.get("items") or ()
    found = [s for s in (_item_shortfall(i, share) for i in items) if s is not None]
    found.extend(_rule_shortfall(r) for r in unit.get("rules") or () if r.get("fired", True))
    return found
