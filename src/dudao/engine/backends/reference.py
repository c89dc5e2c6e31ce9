"""The reference evaluator: the plan computed row by row in plain Python.

It is the specification: slow, obvious, and the one every other backend must match.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import pandas as pd

from dudao.engine import semantics
from dudao.engine.plan import Plan, input_column
from dudao.engine.prepare import Prepared
from dudao.engine.ranking import rank_rows
from dudao.expr import ir
from dudao.expr.ir import Value

Row = dict[str, Value]


def evaluate_reference(plan: Plan, prepared: Prepared, **options: str) -> list[Row]:
    """One dict per evaluated unit: its inputs and every computed column, plus the rank."""
    schools_by_unit: dict[str, list[Row]] = defaultdict(list)
    for school in _rows(prepared.schools):
        for name, node in plan.school_columns:
            school[name] = evaluate(node, school)
        schools_by_unit[str(school["unit"])].append(school)
    results: list[Row] = []
    for unit in _rows(prepared.units):
        schools = schools_by_unit.get(str(unit["unit"]), [])
        for name, aggregate in plan.aggregates:
            unit[name] = evaluate_aggregate(aggregate, schools)
        for name, node in plan.unit_columns:
            unit[name] = evaluate(node, unit)
        results.append(unit)
    rank_rows(plan, results)
    return results


def _rows(frame: pd.DataFrame) -> list[Row]:
    records: list[dict[str, Any]] = frame.to_dict("records")
    return [{k: (None if _is_missing(v) else v) for k, v in r.items()} for r in records]


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def evaluate(node: ir.Node, row: Mapping[str, Value]) -> Value:
    """Evaluate one IR node against a row of named values."""
    match node:
        case ir.Const(value=value):
            return value
        case ir.Input():
            return _clean(row.get(input_column(node)))
        case ir.Attribute(name=name) | ir.Column(name=name):
            return _clean(row.get(name))
        case ir.Op(name="if", args=(condition, then, otherwise)):
            return semantics.if_(
                evaluate(condition, row),
                lambda: evaluate(then, row),
                lambda: evaluate(otherwise, row),
            )
        case ir.Op(name=name, args=args):
            return semantics.SCALAR[name]([evaluate(a, row) for a in args])
        case ir.IndicatorRef() | ir.Aggregate():
            raise AssertionError(f"{node!r} must be resolved by the planner")
    raise AssertionError(f"unknown IR node {node!r}")


def evaluate_aggregate(node: ir.Aggregate, schools: list[Row]) -> Value:
    selected = [s for s in schools if node.where is None or evaluate(node.where, s) is True]
    rows = [tuple(evaluate(a, s) for a in node.args) for s in selected]
    return semantics.aggregate(node.function, rows)


def _clean(value: Value | object) -> Value:
    if _is_missing(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value  # type: ignore[return-value]
