"""The standards most units miss 未达标指标: an item × unit heat map of the points each unit got.

An item is *missed* by a unit that lost points on it (fewer than its full points), whether the
standard was not met or its data is missing; an item awaiting review (待评审) is not counted
missed, it is not scored yet. Items are sorted by how many units miss them, most first, then by
code; items no unit misses are left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from dudao.engine.results import PENDING
from dudao.store.rounds import engine
from dudao.store.rounds.models import Round
from dudao.web.pages.sheets import Sheet

EPSILON = 1e-9
SHOWN = 20  # the heat map shows the most missed items; the workbook and "show all" every one


@dataclass(frozen=True)
class Cell:
    points: float
    status: str


@dataclass(frozen=True)
class MissedItem:
    code: str
    name: str
    area: str
    max_points: float
    cells: tuple[Cell | None, ...]  # one per unit, in the map's unit order (None: no result)
    missed_by: tuple[str, ...]  # the names of the units that miss it

    @property
    def count(self) -> int:
        return len(self.missed_by)

    def misses(self, cell: Cell) -> bool:
        """Whether the unit of ``cell`` lost points on this item."""
        return _missed(cell, self.max_points)

    @property
    def lost(self) -> float:
        """The points all units lost on it together."""
        return round(
            sum(self.max_points - c.points for c in self.cells if c and _missed(c, self.max_points)), 2
        )


@dataclass(frozen=True)
class Misses:
    units: tuple[tuple[str, str], ...]  # (code, name), in ranking order
    items: tuple[MissedItem, ...]
    frozen: bool
    sample: bool
    shown: int | None = SHOWN  # how many items the page shows (None: all)

    @property
    def shown_items(self) -> tuple[MissedItem, ...]:
        return self.items if self.shown is None else self.items[: self.shown]

    @property
    def more(self) -> int:
        """How many missed items the page leaves out."""
        return len(self.items) - len(self.shown_items)

    def chart(self) -> dict[str, Any]:
        """The heat map's data for ``json_script``: cells as [unit, item, share of the points]."""
        cells = [
            [x, y, round(c.points / item.max_points, 3) if item.max_points else 1.0, c.points, c.status]
            for y, item in enumerate(self.shown_items)
            for x, c in enumerate(item.cells)
            if c is not None
        ]
        return {
            "units": [name for _code, name in self.units],
            "items": [f"{i.code} {i.name}" for i in self.shown_items],
            "cells": cells,
            "low": _("得分率 0%"),
            "high": _("得分率 100%"),
        }

    def sheets(self) -> list[Sheet]:
        summary = Sheet(
            _("未达标指标"),
            (
                _("指标代码"),
                _("指标名称"),
                _("一级指标"),
                _("满分"),
                _("未达标单位数"),
                _("失分合计"),
                _("未达标单位"),
            ),
            [
                (i.code, i.name, i.area, i.max_points, i.count, i.lost, _("、").join(i.missed_by))
                for i in self.items
            ],
        )
        matrix = Sheet(
            _("指标×单位得分"),
            (_("指标代码"), _("指标名称"), _("满分"), *(name for _code, name in self.units)),
            [(i.code, i.name, i.max_points, *(c.points if c else None for c in i.cells)) for i in self.items],
        )
        return [summary, matrix]


def _missed(cell: Cell, max_points: float) -> bool:
    return cell.status != PENDING and cell.points < max_points - EPSILON


def _unit_items(round: Round) -> list[tuple[str, str, list[Mapping[str, Any]]]]:
    """Each evaluated unit's code, name and items (code, name, area, points, max_points, status),
    ranked first, from the frozen results or the scores so far."""
    if round.results:
        units: list[Mapping[str, Any]] = sorted(
            round.results.get("units", []), key=lambda u: (u["rank"] is None, u["rank"] or 0, u["code"])
        )
        return [(u["code"], u["name"], list(u.get("items", []))) for u in units]
    return [
        (
            u.code,
            u.name,
            [
                {
                    "code": i.code,
                    "name": i.name,
                    "area": i.area,
                    "points": i.points,
                    "max_points": i.max_points,
                    "status": i.status,
                }
                for i in u.items
            ],
        )
        for u in engine.current_results(round).ranked()
    ]


def misses_of(round: Round, *, shown: int | None = SHOWN) -> Misses:
    """The round's missed standards, most missed first; the page shows the first ``shown``."""
    sample = engine.scheme_of(round.scheme).info.sample
    units = _unit_items(round)
    found: dict[str, dict[str, Any]] = {}
    for column, (_code, _name, items) in enumerate(units):
        for item in items:
            entry = found.setdefault(
                item["code"],
                {"item": item, "cells": [None] * len(units)},
            )
            entry["cells"][column] = Cell(float(item["points"]), str(item["status"]))
    missed: list[MissedItem] = []
    for code, entry in found.items():
        item, cells = entry["item"], entry["cells"]
        by = tuple(
            units[x][1]
            for x, c in enumerate(cells)
            if c is not None and _missed(c, float(item["max_points"]))
        )
        if by:
            missed.append(
                MissedItem(code, item["name"], item["area"], float(item["max_points"]), tuple(cells), by)
            )
    missed.sort(key=lambda i: (-i.count, _code_key(i.code)))
    return Misses(
        tuple((c, n) for c, n, _i in units),
        tuple(missed),
        frozen=bool(round.results),
        sample=sample,
        shown=shown,
    )


def _code_key(code: str) -> Sequence[Any]:
    """Item codes in their natural order: A2.10 after A2.9.

    >>> sorted(["A2.10", "A2.9", "A10"], key=_code_key)
    ['A2.9', 'A2.10', 'A10']
    """
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", code)]
