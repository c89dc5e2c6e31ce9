"""Compile IR to Ibis expressions: one dispatch per node type, the semantics of
:mod:`dudao.engine.semantics` spelled in SQL terms (NULLIF for division, explicit NULL checks
where SQL functions would skip NULLs).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ibis
import ibis.expr.types as ir_types

from dudao.engine.plan import input_column
from dudao.errors import OperationNotSupported
from dudao.expr import ir
from dudao.expr.ir import Type

Expr = Any  # an ibis value expression
_DTYPES = {Type.NUMBER: "float64", Type.BOOL: "boolean", Type.TEXT: "string"}


def literal(value: ir.Value, type: Type) -> Expr:
    if value is None:
        return ibis.null(_DTYPES[type])
    return ibis.literal(value, type=_DTYPES[type])


def compile_node(node: ir.Node, table: ir_types.Table) -> Expr:
    """The Ibis expression of ``node`` over the columns of ``table``."""
    match node:
        case ir.Const(value=value, type=type):
            return literal(value, type)
        case ir.Input():
            return table[input_column(node)]
        case ir.Attribute(name=name) | ir.Column(name=name):
            return table[name]
        case ir.Op(name=name, args=args):
            compiled = [compile_node(a, table) for a in args]
            function = _SCALAR.get(name)
            if function is None:
                raise OperationNotSupported(f"no Ibis translation for operation {name!r}")
            return function(compiled, node)
        case ir.Aggregate():
            raise AssertionError("aggregates are compiled by compile_aggregate")
        case ir.IndicatorRef():
            raise AssertionError("indicator references must be resolved by the planner")
    raise OperationNotSupported(f"no Ibis translation for {node!r}")


def _any_null(args: list[Expr]) -> Expr:
    test = args[0].isnull()
    for arg in args[1:]:
        test = test | arg.isnull()
    return test


def _strict(
    function: Callable[[list[Expr]], Expr], type: Type = Type.NUMBER
) -> Callable[[list[Expr], ir.Op], Expr]:
    """SQL LEAST/GREATEST skip NULLs; our semantics make the result missing instead."""

    def apply(args: list[Expr], node: ir.Op) -> Expr:
        return ibis.cases((_any_null(args), ibis.null(_DTYPES[node.type])), else_=function(args))

    return apply


def _if(args: list[Expr], node: ir.Op) -> Expr:
    condition, then, otherwise = args
    return ibis.cases(
        (condition.isnull(), ibis.null(_DTYPES[node.type])),
        (condition, then),
        else_=otherwise,
    )


def _not(value: Expr) -> Expr:
    """NOT as a CASE: sqlglot prints ``NOT (x) IS NOT NULL``, which SQL reads as
    ``NOT (x IS NOT NULL)``, so a plain NOT must never meet a NULL test."""
    return ibis.cases((value.isnull(), ibis.null("boolean")), (value, False), else_=True)


def _round(args: list[Expr], node: ir.Op) -> Expr:
    digits = node.args[1] if len(node.args) > 1 else ir.Const(0.0, Type.NUMBER)
    assert isinstance(digits, ir.Const) and digits.value is not None
    return args[0].round(int(float(digits.value))).cast("float64")


def _count_true(args: list[Expr], node: ir.Op) -> Expr:
    total = args[0].cast("float64")
    for arg in args[1:]:
        total = total + arg.cast("float64")
    return total  # NULL when any condition is NULL, as + propagates


def _logical(op: str) -> Callable[[list[Expr], ir.Op], Expr]:
    def apply(args: list[Expr], node: ir.Op) -> Expr:
        result = args[0]
        for arg in args[1:]:
            result = (result & arg) if op == "and" else (result | arg)
        return result

    return apply


_SCALAR: dict[str, Callable[[list[Expr], ir.Op], Expr]] = {
    "add": lambda a, n: a[0] + a[1],
    "sub": lambda a, n: a[0] - a[1],
    "mul": lambda a, n: a[0] * a[1],
    "div": lambda a, n: a[0] / a[1].nullif(0),
    "neg": lambda a, n: -a[0],
    "eq": lambda a, n: a[0] == a[1],
    "ne": lambda a, n: a[0] != a[1],
    "lt": lambda a, n: a[0] < a[1],
    "le": lambda a, n: a[0] <= a[1],
    "gt": lambda a, n: a[0] > a[1],
    "ge": lambda a, n: a[0] >= a[1],
    "and": _logical("and"),
    "or": _logical("or"),
    "not": lambda a, n: _not(a[0]),
    "if": _if,
    "min": _strict(lambda a: ibis.least(*a) if len(a) > 1 else a[0]),
    "max": _strict(lambda a: ibis.greatest(*a) if len(a) > 1 else a[0]),
    "abs": lambda a, n: a[0].abs(),
    "round": _round,
    "floor": lambda a, n: a[0].floor().cast("float64"),
    "ceil": lambda a, n: a[0].ceil().cast("float64"),
    "coalesce": lambda a, n: ibis.coalesce(*a),
    "is_missing": lambda a, n: a[0].isnull(),
    "count_true": _count_true,
}


def compile_aggregate(node: ir.Aggregate, table: ir_types.Table) -> Expr:
    """One pass of an aggregate over the school rows (``cv`` uses :func:`cv_parts`)."""
    where = None if node.where is None else compile_node(node.where, table)
    value = compile_node(node.args[0], table)
    function = node.function
    if function == "sum":
        return value.sum(where=where)
    if function == "avg":
        return value.mean(where=where)
    if function == "min":
        return value.min(where=where)
    if function == "max":
        return value.max(where=where)
    if function == "count":
        return value.count(where=where).cast("float64")
    if function == "count_if":
        return value.ifelse(1.0, 0.0).sum(where=_and(where, value.notnull()))
    if function == "share_if":
        return value.ifelse(100.0, 0.0).mean(where=_and(where, value.notnull()))
    raise OperationNotSupported(f"no Ibis translation for aggregate {function!r}")


def cv_parts(node: ir.Aggregate, table: ir_types.Table) -> tuple[Expr, Expr, Expr, Expr]:
    """``(x, w, filter, Σw)`` and the pooled mean's numerator ``Σwx`` come from one pass."""
    x = compile_node(node.args[0], table)
    w = compile_node(node.args[1], table)
    where = _and(None if node.where is None else compile_node(node.where, table), x.notnull() & w.notnull())
    return x, w, where, (w * x).sum(where=where)


def _and(left: Expr | None, right: Expr) -> Expr:
    return right if left is None else (left & right)
