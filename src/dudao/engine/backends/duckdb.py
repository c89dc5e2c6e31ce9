"""Run a plan on DuckDB, embedded: the default backend.

The plan becomes one query (:func:`dudao.engine.sql.query.build_query`), compiled to DuckDB's
SQL once per scheme version by Ibis's DuckDB compiler with our constants and rounding, and run
over the prepared frames registered as Arrow tables.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

import duckdb
import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa
import sqlglot.expressions as sge
from ibis.backends.sql.compilers.duckdb import DuckDBCompiler

from dudao.engine.plan import Plan
from dudao.engine.prepare import Prepared
from dudao.engine.sql import cache as sql_cache
from dudao.engine.sql.query import build_query
from dudao.engine.sql.semantics import DoubleConstants
from dudao.expr import ir

Row = dict[str, ir.Value]


def plan_sql(plan: Plan, prepared: Prepared) -> str:
    """The plan's SQL, compiled once per scheme version: building it through Ibis and sqlglot
    costs seconds for a scheme of a few hundred columns, while DuckDB runs it in
    milliseconds. Kept in memory per plan, and on disk per scheme digest (see
    :mod:`dudao.engine.sql.cache`) so that a new process does not pay again."""
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
    """Ibis's DuckDB compiler with our constants and FLOOR/CEIL (:mod:`dudao.engine.sql.semantics`), and
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
