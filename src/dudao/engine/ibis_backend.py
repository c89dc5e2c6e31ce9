"""Run a plan through Ibis on an SQL engine (DuckDB by default).

The plan's stages become one query: school columns (``mutate``), aggregates (``group_by``
over schools; ``cv`` takes a second pass against the pooled means), unit columns in
dependency layers, and the rank window.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

import duckdb
import ibis
import ibis.expr.datatypes as dt
import ibis.expr.types as ir_types
import pyarrow as pa
import sqlglot.expressions as sge
from ibis.backends.sql.compilers.duckdb import DuckDBCompiler

from dudao.engine import sql_cache
from dudao.engine.ibis_compile import compile_aggregate, compile_node, cv_parts
from dudao.engine.plan import Plan
from dudao.engine.prepare import Prepared
from dudao.engine.sql_semantics import DoubleConstants
from dudao.expr import ir

Row = dict[str, ir.Value]
_ZERO_WHEN_EMPTY = ("count", "count_if")


def build_query(plan: Plan, schools: ir_types.Table, units: ir_types.Table) -> ir_types.Table:
    """The whole evaluation as one Ibis table expression."""
    for layer in _layers(plan.school_columns):
        schools = schools.mutate(**{name: compile_node(node, schools) for name, node in layer})
    if plan.aggregates:
        units = _join_aggregates(plan, schools, units)
    for layer in _layers(plan.unit_columns):
        units = units.mutate(**{name: compile_node(node, units) for name, node in layer})
    order = ibis.desc(units[plan.total])
    window = ibis.window(group_by=units.parent, order_by=order)
    return units.mutate(**{plan.rank: (ibis.rank().over(window) + 1).cast("float64")})


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


def plan_sql(plan: Plan, prepared: Prepared) -> str:
    """The plan's SQL, compiled once per scheme version: building it through Ibis and sqlglot
    costs seconds for a scheme of a few hundred columns, while DuckDB runs it in
    milliseconds. Kept in memory per plan, and on disk per scheme digest (see
    :mod:`dudao.engine.sql_cache`) so that a new process does not pay again."""
    return sql_cache.cached(plan, f"duckdb|{_signature(prepared)}", lambda: compiled_sql(plan, prepared))


def _signature(prepared: Prepared) -> str:
    """The input tables' column names and types: the SQL is valid for these only."""
    return f"{_schema(prepared.schools)!r}|{_schema(prepared.units)!r}"


def evaluate_duckdb(plan: Plan, prepared: Prepared, **options: str) -> list[Row]:
    """Evaluate on DuckDB: in memory, or in the database file ``options["database"]``."""
    con = duckdb.connect(options.get("database", ":memory:"))
    con.register("schools", _arrow(prepared.schools))
    con.register("units", _arrow(prepared.units))
    try:
        # ``execute`` hands the text to DuckDB's parser as it is; ``sql`` first tokenises it in
        # Python to build a relation, which costs a quarter of a second on a plan this size.
        cursor = con.execute(plan_sql(plan, prepared))
        names = [column[0] for column in cursor.description or ()]
        records = cursor.fetchall()
    finally:
        con.close()
    return [dict(zip(names, map(_double, record), strict=True)) for record in records]


def _double(value: Any) -> ir.Value:
    """Every number comes back a double, as the reference gives it: a rank is a BIGINT, and
    a DECIMAL can still arise from an engine function over constants."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return float(value)
    return cast(ir.Value, value)


class _Compiler(DoubleConstants, DuckDBCompiler):  # type: ignore[misc]  # ibis is untyped here
    """Ibis's DuckDB compiler with our constants and FLOOR/CEIL (:mod:`.sql_semantics`), and
    our rounding."""

    __slots__ = ()

    def visit_Round(self, op: Any, *, arg: Any, digits: Any) -> Any:
        """Half away from zero on the double ``x · 10ⁿ``, as the reference rounds: DuckDB's
        ``ROUND(2.675, 2)`` gives 2.67, though 2.675 × 100 is exactly 267.5."""
        places = 0 if op.digits is None else int(op.digits.value)
        scale = self.cast(10.0**places, dt.float64)
        scaled = arg if places == 0 else sge.Mul(this=sge.Paren(this=arg), expression=scale)
        rounded = self.f.round(scaled, 0)
        return self.cast(rounded if places == 0 else sge.Div(this=rounded, expression=scale), dt.float64)


_COMPILER = _Compiler()


def to_sql(expression: Any) -> str:
    """DuckDB SQL for an Ibis expression, through our compiler (golden files pin it)."""
    return str(_COMPILER.to_sqlglot(expression.unbind()).sql(dialect=_COMPILER.dialect, pretty=True))


def compiled_sql(plan: Plan, prepared: Prepared) -> str:
    """The SQL DuckDB runs for ``plan`` (pinned by golden files)."""
    schools = ibis.table(_schema(prepared.schools), name="schools")
    units = ibis.table(_schema(prepared.units), name="units")
    return to_sql(build_query(plan, schools, units))


def _arrow(frame: Any) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def _schema(frame: Any) -> ibis.Schema:
    return ibis.Schema.from_pyarrow(_arrow(frame.head(0)).schema)
