"""What changed between two versions of a scheme: items added, removed, re-weighted or renamed,
standards changed, and the bonus items, round rules, grades and totals around them.

Items are matched by code, so a renumbered item shows as one removed and one added. A standard
is compared as the scheme states it (the rule's type, its formula and its limits), and shown in
the words the results use (:func:`dudao.engine.explain.standard_text`).

>>> from dudao.scheme.model import Item, Scheme, SchemeInfo
>>> old = Scheme(SchemeInfo("s", "示例"), (), (), (Item("A1", "投入", 10.0), Item("A2", "质量", 5.0)))
>>> new = Scheme(SchemeInfo("s", "示例", version=2), (), (), (Item("A1", "投入", 12.0),))
>>> for change in diff_schemes(old, new).changes:
...     print(change.sentence_zh)
一级指标 A1 投入：分值 10 → 12
一级指标 A2 质量：删除（原 5 分）
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dudao.engine.explain import display_name, standard_text
from dudao.engine.explanation import fmt
from dudao.scheme.model import ROUND_RULE_NAMES, Item, RoundRule, Scheme


class Kind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    REWEIGHTED = "reweighted"
    RENAMED = "renamed"
    STANDARD = "standard"
    RULE = "rule"
    GRADES = "grades"
    SETTING = "setting"

    @property
    def label_zh(self) -> str:
        return KIND_ZH[self]


KIND_ZH = {
    Kind.ADDED: "新增",
    Kind.REMOVED: "删除",
    Kind.REWEIGHTED: "分值调整",
    Kind.RENAMED: "名称修改",
    Kind.STANDARD: "标准修改",
    Kind.RULE: "否决/降等规则",
    Kind.GRADES: "等级划分",
    Kind.SETTING: "方案设置",
}


@dataclass(frozen=True)
class Change:
    """One difference: what it touches (``what``: 一级指标, 二级指标, 计分项, 加分项, 规则, …),
    its code and name, and the value before and after (empty where there was none)."""

    kind: Kind
    what: str
    code: str
    name: str
    before: str
    after: str
    what_en: str = ""

    @property
    def sentence_zh(self) -> str:
        head = f"{self.what} {self.code} {self.name}".replace("  ", " ").strip()
        match self.kind:
            case Kind.ADDED:
                return f"{head}：新增（{self.after}）"
            case Kind.REMOVED:
                return f"{head}：删除（原 {self.before}）"
            case Kind.REWEIGHTED:
                return f"{head}：分值 {self.before} → {self.after}"
            case Kind.RENAMED:
                return f"{head}：名称 “{self.before}” → “{self.after}”"
            case _:
                return f"{head}：{self.before or '（无）'} → {self.after or '（无）'}"

    @property
    def sentence_en(self) -> str:
        head = f"{self.what_en} {self.code}".strip()
        match self.kind:
            case Kind.ADDED:
                return f"{head}: added ({self.after})"
            case Kind.REMOVED:
                return f"{head}: removed (was {self.before})"
            case Kind.REWEIGHTED:
                return f"{head}: points {self.before} → {self.after}"
            case Kind.RENAMED:
                return f"{head}: renamed “{self.before}” → “{self.after}”"
            case _:
                return f"{head}: {self.before or '(none)'} → {self.after or '(none)'}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "what": self.what,
            "what_en": self.what_en,
            "code": self.code,
            "name": self.name,
            "before": self.before,
            "after": self.after,
            "sentence_zh": self.sentence_zh,
            "sentence_en": self.sentence_en,
        }


@dataclass(frozen=True)
class SchemeDiff:
    old: Scheme
    new: Scheme
    changes: tuple[Change, ...]

    def count(self, kind: Kind) -> int:
        return sum(1 for c in self.changes if c.kind is kind)

    @property
    def summary_zh(self) -> str:
        if not self.changes:
            return "两个版本的指标、分值、标准与规则完全相同"
        counts = [f"{KIND_ZH[k]} {self.count(k)} 处" for k in Kind if self.count(k)]
        return "；".join(counts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": {"code": self.old.info.code, "version": self.old.info.version, "title": self.old.label},
            "new": {"code": self.new.info.code, "version": self.new.info.version, "title": self.new.label},
            "summary_zh": self.summary_zh,
            "changes": [c.to_dict() for c in self.changes],
        }


def diff_schemes(old: Scheme, new: Scheme) -> SchemeDiff:
    """Every difference from ``old`` to ``new``, in the order of the scheme: the items (the new
    order, removed items where they stood), then bonus items, round rules, grades and settings."""
    changes = [
        *_items(old, new),
        *_bonus(old, new),
        *_rules(old, new),
        *_grades(old, new),
        *_settings(old, new),
    ]
    return SchemeDiff(old, new, tuple(changes))


_LEVEL_ZH = ("一级指标", "二级指标", "三级指标", "四级指标")
_LEVEL_EN = ("Area", "Sub-area", "Item", "Sub-item")


def _depths(scheme: Scheme) -> dict[str, int]:
    found: dict[str, int] = {}

    def visit(item: Item, depth: int) -> None:
        found[item.code] = depth
        for child in item.children:
            visit(child, depth + 1)

    for top in scheme.items:
        visit(top, 0)
    return found


def _what(item: Item, depth: int) -> tuple[str, str]:
    if item.is_leaf and depth > 0:
        return "计分项", "Scored item"
    return _LEVEL_ZH[min(depth, 3)], _LEVEL_EN[min(depth, 3)]


def _points(value: float) -> str:
    return f"{fmt(value)} 分"


def _standard(item: Item, scheme: Scheme) -> str:
    """The standard as the results word it, with the value it reads."""
    if item.rule is None:
        return ""
    value = getattr(item.rule, "value", None)
    shown = standard_text(item, scheme)
    return f"{display_name(scheme, value.text)}：{shown}" if value is not None else shown


def _same_rule(a: Item, b: Item) -> bool:
    """The rules equal as written (locations and formula positions aside)."""
    if a.rule is None or b.rule is None:
        return a.rule is None and b.rule is None
    return bool(_without_places(a.rule) == _without_places(b.rule))


def _without_places(rule: Any) -> Any:
    fields = {k: v for k, v in vars(rule).items()}
    for key, value in fields.items():
        if hasattr(value, "text") and hasattr(value, "location"):
            fields[key] = value.text.strip()
    return tuple(sorted((k, repr(v)) for k, v in fields.items()))


def _items(old: Scheme, new: Scheme) -> Iterator[Change]:
    before, after = old.item_by_code, new.item_by_code
    old_depth, new_depth = _depths(old), _depths(new)
    removed_after: dict[str | None, list[str]] = {}
    previous: str | None = None
    for code in before:  # a removed item is told where it stood: after the last item kept
        if code in after:
            previous = code
        else:
            removed_after.setdefault(previous, []).append(code)
    yield from _removed(before, old_depth, removed_after.get(None, []))
    for code, item in after.items():
        what, what_en = _what(item, new_depth[code])
        was = before.get(code)
        if was is None:
            standard = _standard(item, new)
            detail = _points(item.points) + (f"；{standard}" if standard else "")
            yield Change(Kind.ADDED, what, code, item.name, "", detail, what_en)
        else:
            if was.name != item.name:
                yield Change(Kind.RENAMED, what, code, item.name, was.name, item.name, what_en)
            if abs(was.points - item.points) > 1e-9:
                yield Change(
                    Kind.REWEIGHTED, what, code, item.name, fmt(was.points), fmt(item.points), what_en
                )
            if not _same_rule(was, item):
                yield Change(
                    Kind.STANDARD, what, code, item.name, _standard(was, old), _standard(item, new), what_en
                )
        yield from _removed(before, old_depth, removed_after.get(code, []))


def _removed(before: dict[str, Item], depth: dict[str, int], codes: list[str]) -> Iterator[Change]:
    for code in codes:
        item = before[code]
        what, what_en = _what(item, depth[code])
        yield Change(Kind.REMOVED, what, code, item.name, _points(item.points), "", what_en)


def _bonus(old: Scheme, new: Scheme) -> Iterator[Change]:
    before, after = old.bonus_by_code, new.bonus_by_code
    for code, bonus in after.items():
        was = before.get(code)
        if was is None:
            yield Change(Kind.ADDED, "加分项", code, bonus.name, "", _points(bonus.points), "Bonus item")
        elif abs(was.points - bonus.points) > 1e-9:
            yield Change(
                Kind.REWEIGHTED, "加分项", code, bonus.name, fmt(was.points), fmt(bonus.points), "Bonus item"
            )
    for code, bonus in before.items():
        if code not in after:
            yield Change(Kind.REMOVED, "加分项", code, bonus.name, _points(bonus.points), "", "Bonus item")


def _rule_text(rule: RoundRule) -> str:
    kind = ROUND_RULE_NAMES.get(rule.type, (rule.type, rule.type))[0]
    return f"{kind}：{rule.when.text.strip()}（{rule.reason}）"


def _rules(old: Scheme, new: Scheme) -> Iterator[Change]:
    before = {r.code: r for r in old.rules}
    after = {r.code: r for r in new.rules}
    for code, rule in after.items():
        was = before.get(code)
        if was is None:
            yield Change(Kind.RULE, "规则", code, "", "", _rule_text(rule), "Round rule")
        elif _rule_text(was) != _rule_text(rule):
            yield Change(Kind.RULE, "规则", code, "", _rule_text(was), _rule_text(rule), "Round rule")
    for code, rule in before.items():
        if code not in after:
            yield Change(Kind.RULE, "规则", code, "", _rule_text(rule), "", "Round rule")
    kept_old = [c for c in before if c in after]
    kept_new = [c for c in after if c in before]
    if kept_old != kept_new:
        yield Change(
            Kind.RULE,
            "规则顺序",
            "",
            "",
            " → ".join(kept_old),
            " → ".join(kept_new),
            "Order of the round rules",
        )


def _grades(old: Scheme, new: Scheme) -> Iterator[Change]:
    def shown(scheme: Scheme) -> str:
        return "，".join(f"{g.name} ≥ {fmt(g.minimum)}" for g in scheme.info.grades)

    if shown(old) != shown(new):
        yield Change(Kind.GRADES, "等级划分", "", "", shown(old), shown(new), "Grades")


_SETTINGS = (
    ("total", "满分", "Total points"),
    ("bonus_cap", "加分上限", "Bonus cap"),
    ("rank_by", "排名方式", "Ranked by"),
    ("rank_within", "排名范围", "Ranked within"),
    ("evaluates", "被评价层级", "Level evaluated"),
    ("downgrades_stack", "降等可叠加", "Downgrades stack"),
)


def _settings(old: Scheme, new: Scheme) -> Iterator[Change]:
    for key, zh, en in _SETTINGS:
        was, now = getattr(old.info, key), getattr(new.info, key)
        if was != now:
            yield Change(Kind.SETTING, zh, "", "", _setting(was), _setting(now), en)


def _setting(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return fmt(value)
    return str(value)
