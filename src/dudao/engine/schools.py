"""The school values behind a unit's aggregates 学校明细: what a 差异系数 or a count of schools
meeting a rule was computed from, school by school.

Scores never need them (every backend aggregates on its own); explanations and the "all school
values" lists do. They are computed here with the reference evaluator, one evaluated unit at a
time (a district is a few dozen schools), from the same prepared school rows the backends read.

>>> from dudao.samples import bundled_dataset, bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> found = school_values(read_scheme(bundled_scheme_path()), bundled_dataset(), "500105", "A6.2.2")
>>> [(a.function, a.period) for a in found]
[('cv', 2021), ('cv', 2021)]
>>> primary = found[0]
>>> 0 < len(primary.counted) < len(primary.schools)  # the junior schools are left out by ``where``
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

import pandas as pd

from dudao.engine.backends.reference import Row, _rows, evaluate
from dudao.engine.dataset import Dataset
from dudao.engine.plan import Plan, build_plan
from dudao.engine.prepare import school_inputs
from dudao.expr import ir
from dudao.expr.ir import Value
from dudao.scheme.model import Scheme

SchoolRowsOf = Callable[[str], list[Row]]
"""Given an evaluated unit's code, its schools' rows: inputs and school indicators computed,
with ``name`` (the school's name, a split school's stage added)."""

STAGE_NAMES = {"preschool": "学前", "primary": "小学部", "junior": "初中部", "senior": "高中部"}


@dataclass(frozen=True)
class SchoolValue:
    """One school's part in an aggregate: its value (the aggregate's first argument; for ``cv``
    the weight too) and whether it is counted (passes ``where`` and has a value)."""

    code: str  # a multi-stage school split by stage: ``code#stage``
    name: str
    value: Value
    weight: Value = None  # cv's weight (pupils), else None
    selected: bool = True  # passes the aggregate's ``where``
    counted: bool = True  # selected and has a value (cv: and a weight)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "value": self.value,
            "weight": self.weight,
            "selected": self.selected,
            "counted": self.counted,
        }


@dataclass(frozen=True)
class AggregateValues:
    """Every school of one unit behind one aggregate (``column``: the plan's column for it)."""

    column: str
    function: str
    period: int | None  # the year its inputs are read from (None: several)
    schools: tuple[SchoolValue, ...]
    text: str = ""  # the aggregate as written, with names (filled by :func:`school_values`)

    @cached_property
    def counted(self) -> tuple[SchoolValue, ...]:
        return tuple(s for s in self.schools if s.counted)

    @cached_property
    def selected(self) -> tuple[SchoolValue, ...]:
        return tuple(s for s in self.schools if s.selected)

    def to_dict(self) -> dict[str, object]:
        return {
            "column": self.column,
            "text": self.text,
            "function": self.function,
            "period": self.period,
            "schools": [s.to_dict() for s in self.schools],
        }


def rows_from_frame(plan: Plan, frame: pd.DataFrame, dataset: Dataset) -> SchoolRowsOf:
    """School rows per unit read off a prepared school frame (as the backends read it), each
    unit's rows computed when first asked for."""
    groups: dict[str, list[int]] | None = None
    done: dict[str, list[Row]] = {}

    def of(unit: str) -> list[Row]:
        nonlocal groups
        if unit in done:
            return done[unit]
        if groups is None:
            groups = {str(k): list(v) for k, v in frame.groupby("unit", sort=False).indices.items()}
        rows = _computed(plan, frame.iloc[groups.get(unit, [])], dataset)
        done[unit] = rows
        return rows

    return of


def rows_from_dataset(plan: Plan, dataset: Dataset, period: int) -> SchoolRowsOf:
    """School rows per unit read from the dataset when first asked for (a live round: the
    results it assembles after each change ask afresh), then kept. The first units asked for are
    read alone (a page explains one unit); from the third on, every unit's schools are read at
    once, as reading them unit by unit costs a pass over the schools each."""
    done: dict[str, list[Row]] = {}
    everything: list[SchoolRowsOf] = []

    def of(unit: str) -> list[Row]:
        if unit in done:
            return done[unit]
        if everything:
            return everything[0](unit)
        if len(done) >= 2:
            everything.append(rows_from_frame(plan, school_inputs(plan, dataset, period, None), dataset))
            return everything[0](unit)
        done[unit] = _computed(plan, school_inputs(plan, dataset, period, [unit]), dataset)
        return done[unit]

    return of


def _computed(plan: Plan, frame: pd.DataFrame, dataset: Dataset) -> list[Row]:
    rows = _rows(frame)
    names = dataset.unit_by_code
    for row in rows:
        for name, node in plan.school_columns:
            row[name] = evaluate(node, row)
        code, _, stage = str(row["school"]).partition("#")
        school = names.get(code)
        shown = school.name if school is not None else code
        row["name"] = f"{shown}（{STAGE_NAMES.get(stage, stage)}）" if stage else shown
    return rows


def aggregate_values(
    plan: Plan, column: str, schools: list[Row], period: int | None = None, node: ir.Aggregate | None = None
) -> AggregateValues:
    """The schools of one unit behind the aggregate held in ``column`` (``period``: the year
    evaluated, the scheme's by default; ``node``: the aggregate, when the caller has it at hand)."""
    if node is None:
        node = dict(plan.aggregates)[column]
    found = []
    for school in schools:
        selected = node.where is None or evaluate(node.where, school) is True
        args = [evaluate(a, school) for a in node.args]
        weight = args[1] if node.function == "cv" and len(args) > 1 else None
        counted = selected and all(a is not None for a in args)
        found.append(
            SchoolValue(str(school["school"]), str(school["name"]), args[0], weight, selected, counted)
        )
    found.sort(key=lambda s: (not s.counted, s.code))
    return AggregateValues(column, node.function, _period_of(plan, node, period), tuple(found))


_PERIODS: dict[tuple[int, ir.Aggregate, int | None], int | None] = {}


def _period_of(plan: Plan, node: ir.Aggregate, period: int | None) -> int | None:
    """:func:`aggregate_period`, found once per plan, aggregate and year."""
    key = (id(plan), node, period)
    if key not in _PERIODS:
        _PERIODS[key] = aggregate_period(plan, node, period)
    return _PERIODS[key]


def aggregate_period(plan: Plan, node: ir.Aggregate, period: int | None = None) -> int | None:
    """The year an aggregate reads its school inputs from, when ``period`` is evaluated (the
    scheme's by default); None if it reads several years."""
    year = plan.scheme.info.period if period is None else period
    offsets = {i.offset for i in school_inputs_of(plan, node)}
    if len(offsets) > 1:
        return None
    return year + (offsets.pop() if offsets else 0)


def school_inputs_of(plan: Plan, node: ir.Node) -> list[ir.Input]:
    """The school inputs an aggregate (or any school-level node) reads, school indicators expanded."""
    columns = dict(plan.school_columns)
    found: dict[ir.Input, None] = {}
    todo = [node]
    seen: set[str] = set()
    while todo:
        for part in ir.walk(todo.pop()):
            if isinstance(part, ir.Input):
                found[part] = None
            elif isinstance(part, ir.Column) and part.name in columns and part.name not in seen:
                seen.add(part.name)
                todo.append(columns[part.name])
    return list(found)


def item_aggregates(plan: Plan, item: str) -> list[str]:
    """The aggregate columns behind an item's value and target, in the order they are read."""
    leaf = next(leaf for leaf in plan.leaves if leaf.item == item)
    columns = dict(plan.unit_columns)
    aggregates = dict(plan.aggregates)
    found: dict[str, None] = {}
    todo = [c for c in (leaf.value, leaf.target) if c is not None]
    seen: set[str] = set()
    while todo:
        name = todo.pop(0)
        if name in seen or name not in columns:
            continue
        seen.add(name)
        for part in ir.walk(columns[name]):
            if isinstance(part, ir.Column) and part.name in aggregates:
                found[part.name] = None
            elif isinstance(part, ir.Column) and part.name in columns:
                todo.append(part.name)
    return list(found)


def school_values(
    scheme: Scheme,
    dataset: Dataset,
    unit: str,
    item: str,
    period: int | None = None,
) -> list[AggregateValues]:
    """All school values behind an item's aggregates for one evaluated unit (the list an
    explanation's "all school values" link shows); empty when the item aggregates no schools.

    Raises ``KeyError`` for an item that is not a scored item of ``scheme``.
    """
    plan = build_plan(scheme)
    if all(leaf.item != item for leaf in plan.leaves):
        raise KeyError(item)
    columns = item_aggregates(plan, item)
    if not columns:
        return []
    from dudao.engine.explain import Explainer  # it reads this module: imported when first used

    schools = rows_from_dataset(plan, dataset, period or scheme.info.period)(unit)
    aggregates = dict(plan.aggregates)
    explainer = Explainer(plan)
    return [
        replace(aggregate_values(plan, column, schools, period), text=explainer.text(aggregates[column]))
        for column in columns
    ]
