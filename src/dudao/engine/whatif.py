"""What-if: the same units scored under two scheme versions, side by side — who moves and why.

Either side may be live :class:`~dudao.engine.results.Results` or a closed round's frozen results
(``Results.to_dict()``, as stored), so a closed round can be re-scored under another version
without its frozen results being touched. A unit's move is explained by the items whose points
changed most, and by the round rules that fired on one side only.

>>> before = {"units": [{"code": "1", "name": "甲区", "total": 80.0, "grade": "良好", "rank": 2,
...     "rules": [], "items": [{"code": "A1", "name": "投入", "points": 4.0}]}]}
>>> after = {"units": [{"code": "1", "name": "甲区", "total": 82.0, "grade": "良好", "rank": 1,
...     "rules": [], "items": [{"code": "A1", "name": "投入", "points": 6.0}]}]}
>>> (move,) = compare(before, after)
>>> move.sentence_zh
'总分 80 → 82（+2）；名次 2 → 1；主要因为 A1 投入 4 → 6（+2）'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dudao.engine.explanation import fmt
from dudao.engine.results import Results

CHANGED = 0.005  # points that round to the same 0.01 are no change
REASONS_SHOWN = 3


@dataclass(frozen=True)
class Standing:
    """Where a unit stands under one scheme version."""

    code: str
    name: str
    total: float
    grade: str
    rank: int | None
    fired: tuple[str, ...]  # the round rules that fired, as "code reason"
    points: Mapping[str, tuple[str, float]]  # item code -> (name, points)


@dataclass(frozen=True)
class ItemMove:
    code: str
    name: str
    before: float | None  # None: not an item of that version
    after: float | None

    @property
    def delta(self) -> float:
        return (self.after or 0.0) - (self.before or 0.0)

    @property
    def text(self) -> str:
        def side(points: float | None) -> str:
            return "（无此项）" if points is None else fmt(points)

        return f"{self.code} {self.name} {side(self.before)} → {side(self.after)}（{_signed(self.delta)}）"


@dataclass(frozen=True)
class UnitMove:
    code: str
    name: str
    before: Standing | None  # None: the unit is scored on one side only
    after: Standing | None
    items: tuple[ItemMove, ...]  # the items whose points changed, the largest change first

    @property
    def moved(self) -> bool:
        if self.before is None or self.after is None:
            return True
        b, a = self.before, self.after
        return abs(a.total - b.total) >= CHANGED or a.rank != b.rank or a.grade != b.grade

    @property
    def rules_gained(self) -> tuple[str, ...]:
        before = set(self.before.fired if self.before else ())
        return tuple(r for r in (self.after.fired if self.after else ()) if r not in before)

    @property
    def rules_lost(self) -> tuple[str, ...]:
        after = set(self.after.fired if self.after else ())
        return tuple(r for r in (self.before.fired if self.before else ()) if r not in after)

    @property
    def sentence_zh(self) -> str:
        """What moved and the main reasons, in Chinese."""
        if self.before is None or self.after is None:
            return "仅在原方案中计分" if self.after is None else "仅在新方案中计分"
        b, a = self.before, self.after
        reasons = [m.text for m in self.items[:REASONS_SHOWN]]
        reasons += [f"规则 {r} 触发" for r in self.rules_gained]
        reasons += [f"规则 {r} 不再触发" for r in self.rules_lost]
        same_total = abs(a.total - b.total) < CHANGED
        if same_total:
            parts = ["总分不变" + (f"（{'；'.join(reasons)}，相互抵消）" if reasons else "")]
        else:
            parts = [f"总分 {fmt(b.total)} → {fmt(a.total)}（{_signed(a.total - b.total)}）"]
        if a.rank != b.rank:
            parts.append(
                f"名次 {_rank(b.rank)} → {_rank(a.rank)}" + ("，因其他单位的变化" if same_total else "")
            )
        if a.grade != b.grade:
            parts.append(f"等级 {b.grade} → {a.grade}")
        if reasons and not same_total:
            parts.append("主要因为 " + "；".join(reasons))
        return "；".join(parts)


def _signed(value: float) -> str:
    return ("+" if value > 0 else "") + fmt(value)


def _rank(rank: int | None) -> str:
    return "不排名" if rank is None else str(rank)


def standings(results: Results | Mapping[str, Any]) -> dict[str, Standing]:
    """Each unit's standing, from live results or from frozen ones (``Results.to_dict()``)."""
    if isinstance(results, Results):
        return {
            u.code: Standing(
                u.code,
                u.name,
                u.total,
                u.grade,
                u.rank,
                tuple(f"{r.code} {r.reason}" for r in u.fired_rules),
                {i.code: (i.name, i.points) for i in u.items},
            )
            for u in results.units
        }
    return {
        u["code"]: Standing(
            u["code"],
            u["name"],
            float(u["total"]),
            str(u["grade"]),
            u.get("rank"),
            tuple(f"{r['code']} {r['reason']}" for r in u.get("rules", [])),
            {i["code"]: (i["name"], float(i["points"])) for i in u.get("items", [])},
        )
        for u in results.get("units", [])
    }


def compare(before: Results | Mapping[str, Any], after: Results | Mapping[str, Any]) -> list[UnitMove]:
    """Every unit under both versions, in the order of the new ranking (the unranked last)."""
    old, new = standings(before), standings(after)
    moves = [_move(code, old.get(code), new.get(code)) for code in {**old, **new}]
    return sorted(moves, key=_order)


def _order(move: UnitMove) -> tuple[bool, int, str]:
    standing = move.after or move.before
    rank = standing.rank if standing is not None else None
    return (rank is None, rank or 0, move.code)


def _move(code: str, before: Standing | None, after: Standing | None) -> UnitMove:
    either = after or before
    name = either.name if either is not None else code
    return UnitMove(code, name, before, after, tuple(_item_moves(before, after)))


def _item_moves(before: Standing | None, after: Standing | None) -> Iterable[ItemMove]:
    old = before.points if before else {}
    new = after.points if after else {}
    moves = []
    for code in {**old, **new}:
        was, now = old.get(code), new.get(code)
        name = (now or was or ("", 0.0))[0]
        move = ItemMove(code, name, was[1] if was else None, now[1] if now else None)
        if abs(move.delta) >= CHANGED:
            moves.append(move)
    return sorted(moves, key=lambda m: (-abs(m.delta), m.code))
