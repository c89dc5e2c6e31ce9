"""The whole evaluation as one Ibis table expression, shared by every SQL backend.

The plan's stages become one query: school columns (``mutate``), aggregates (``group_by``
over schools; ``cv`` takes a second pass against the pooled means), unit columns in
dependency layers, and the rank window. Each backend compiles it with its own Ibis compiler.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir_types

from dudao.engine.plan import Plan
from dudao.engine.sql.compile import compile_aggregate, compile_node, cv_parts
from dudao.expr import ir

_ZERO_WHEN_EMPTY = ("count", "count_if")


def build_query(plan: Plan, schools: ir_types.Table, units: ir_types.Table) -> ir_types.Table:
    """The whole evaluation as one Ibis table expression."""
    for layer in _layers(plan.school_columns):
        schools = schools.mutate(**{name: compile_node(node, schools) for name, node in layer})
    if plan.aggregates:
        units = _join_aggregates(plan, schools, units)
    for layer in _layers(plan.unit_columns):
        units = units.mutate(**{name: compile_node(node, units) for name, node in layer})
    return units.mutate(**{plan.rank: _rank(plan, units)})


def _rank(plan: Plan, units: ir_types.Table) -> ir_types.Value:
    """The rank (:mod:`dudao.engine.ranking`): a window over the ranked units of each group;
    a unit that is not ranked gets none."""
    ranked = units[plan.unranked].fill_null("") == ""
    total = ibis.desc(units[plan.total])
    order = [total] if plan.scheme.info.rank_by == "total" else [ibis.asc(units[plan.grade]), total]
    window = ibis.window(group_by=[units.parent, ranked], order_by=order)
    rank = (ibis.rank().over(window) + 1).cast("float64")
    return ibis.ifelse(ranked, rank, ibis.null("float64"))


def _join_aggregates(plan: Plan, schools: ir_types.Table, units: ir_types.Table) -> ir_types.Table:
    first: dict[str, Any] = {}
    cvs: list[tuple[str, ir.Aggregate]] = []
    for name, node in plan.aggregates:
        if node.function == "cv":
            _, w, where, weighted_sum = cv_parts(node, schools)
            first[f"{name}__w"] = w.sum(where=where)
            first[f"{name}__wx"] = weighted_sum
            cvs.append((name, node))
        else:
            first[name] = compile_aggregate(node, schools)
    grouped = schools.group_by("unit").aggregate(**first)
    if cvs:
        means = grouped.select(
            "unit",
            **{f"{name}__m": grouped[f"{name}__wx"] / grouped[f"{name}__w"].nullif(0) for name, _ in cvs},
        )
        joined = schools.join(means, "unit", how="left")
        second = {}
        for name, node in cvs:
            x, w, where, _ = cv_parts(node, joined)
            deviation = x - joined[f"{name}__m"]
            second[f"{name}__d"] = (w * deviation * deviation).sum(where=where)
        spread = joined.group_by("unit").aggregate(**second)
        grouped = grouped.join(spread, "unit", how="left").select(
            *[c for c in grouped.columns], *[f"{n}__d" for n, _ in cvs]
        )
        finished = {}
        for name, _ in cvs:
            weight = grouped[f"{name}__w"].nullif(0)
            mean = grouped[f"{name}__wx"] / weight
            finished[name] = (grouped[f"{name}__d"] / weight).sqrt() / mean.nullif(0)
        grouped = grouped.mutate(**finished)
    names = [name for name, _ in plan.aggregates]
    grouped = grouped.select("unit", *names)
    joined_units = units.join(grouped, "unit", how="left")
    keep = [c for c in joined_units.columns if c != "unit_right"]
    joined_units = joined_units.select(*keep)
    fixes = {
        name: ibis.coalesce(joined_units[name], 0.0)
        for name, node in plan.aggregates
        if node.function in _ZERO_WHEN_EMPTY
    }
    return joined_units.mutate(**fixes) if fixes else joined_units


def _layers(columns: tuple[tuple[str, ir.Node], ...]) -> list[list[tuple[str, ir.Node]]]:
    """Group columns so each layer reads only columns of earlier layers."""
    depth: dict[str, int] = {}
    layers: list[list[tuple[str, ir.Node]]] = []
    for name, node in columns:
        uses = [depth[n.name] for n in ir.walk(node) if isinstance(n, ir.Column) and n.name in depth]
        level = 1 + max(uses, default=-1)
        depth[name] = level
        while len(layers) <= level:
            layers.append([])
        layers[level].append((name, node))
    return layers
