"""Run a plan on PostgreSQL: the same Ibis query as DuckDB, compiled for PostgreSQL.

One evaluation is one connection and one transaction: the prepared ``units`` and ``schools``
frames are copied into temporary tables created ``ON COMMIT DROP``, the plan's query reads
them, and the commit (or the rollback after a failure) removes them. Temporary tables belong
to their session, so concurrent runs never see each other's, and nothing is left behind.

Three PostgreSQL habits are translated (in :class:`_Compiler`) so that results match the
reference evaluator; DuckDB's SQL is untouched:

- ``round``: ``round(double precision)`` rounds half to even (``round(2.5)`` is 2), there is
  no ``round(double precision, int)``, and Ibis rounds a NUMERIC copy, which keeps only 15
  significant digits (``round(0.5005, 3)`` gives 0.501, though the double 0.5005 lies below
  the half and the reference gives 0.5). We round ``x · 10ⁿ`` through its exact shortest
  text, half away from zero, and divide back, as the reference does.
- float constants: an unadorned ``0.1`` is NUMERIC, so constants-only arithmetic would be
  exact decimal (``0.1 + 0.2 == 0.3`` holds); constants are typed ``DOUBLE PRECISION``.
- a boolean cannot be cast to a double (``count_true``): it goes through INT.

NULLs sort last in the ranking because Ibis writes ``DESC NULLS LAST``; NUMERIC and integer
results come back as floats.
"""

from __future__ import annotations

import hashlib
import os
import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import ibis.expr.datatypes as dt
import pyarrow as pa
import sqlglot.expressions as sge
from ibis.backends.sql.compilers.postgres import PostgresCompiler

from dudao.engine.plan import Plan
from dudao.engine.prepare import Prepared
from dudao.engine.sql import cache as sql_cache
from dudao.engine.sql.query import build_query
from dudao.engine.sql.semantics import DoubleConstants
from dudao.errors import BackendError
from dudao.expr.ir import Value

if TYPE_CHECKING:
    import psycopg

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
CHECK_TIMEOUT = 2  # seconds, for unavailable(); libpq's smallest connect timeout
CONNECT_TIMEOUT = 10  # seconds, for a run
_SCHEMA = "pg_temp"  # the session's own schema: the query names it, so search_path cannot interfere

Row = dict[str, Value]


def database_url(options: dict[str, str]) -> str:
    """``options["url"]``, else ``$DATABASE_URL``, else the local server's ``postgres`` database.
    An SQLAlchemy-style ``postgresql+psycopg://`` names a driver; libpq wants it without."""
    url = options.get("url") or os.environ.get("DATABASE_URL") or DEFAULT_URL
    return re.sub(r"^(postgres(?:ql)?)\+\w+://", r"\1://", url)


def unavailable(**options: str) -> str | None:
    """Why PostgreSQL cannot be used at the configured URL (within ~2 s), or None."""
    try:
        _connect(database_url(options), CHECK_TIMEOUT).close()
    except ImportError as error:
        return f"the PostgreSQL driver psycopg cannot be imported ({error}); pip install 'psycopg[binary]'"
    except BackendError as error:
        return str(error)
    return None


def evaluate_postgres(plan: Plan, prepared: Prepared, **options: str) -> list[Row]:
    """Evaluate on the PostgreSQL server at ``options["url"]`` (see :func:`database_url`)."""
    from psycopg.types.numeric import FloatLoader

    url = database_url(options)
    sql = plan_sql(plan, prepared)
    connection = _connect(url, CONNECT_TIMEOUT)
    try:
        connection.adapters.register_loader("numeric", FloatLoader)  # NUMERIC results as floats
        return _run(connection, sql, prepared, url)
    finally:
        connection.close()


def _connect(url: str, timeout: int) -> psycopg.Connection[Any]:
    import psycopg

    where = describe(url)
    if where is None:  # the driver's message would quote the URL, password and all
        raise BackendError(
            "malformed PostgreSQL URL; expected postgresql://user[:password]@host[:port]/database"
        )
    try:
        return psycopg.connect(url, connect_timeout=timeout, client_encoding="utf8")
    except (psycopg.Error, ValueError) as error:
        raise BackendError(f"cannot connect to PostgreSQL at {where}: {_message(error)}") from error


def _run(connection: psycopg.Connection[Any], sql: str, prepared: Prepared, url: str) -> list[Row]:
    """Load, query and fetch in one transaction; its end drops the temporary tables."""
    import psycopg

    try:
        with connection.transaction(), connection.cursor() as cursor:
            cursor.execute(b"SET LOCAL extra_float_digits = 3")  # exact text of doubles: see _Compiler
            _load(cursor, "schools", prepared.schools)
            _load(cursor, "units", prepared.units)
            cursor.execute(sql.encode())
            names = [column.name for column in cursor.description or ()]
            fetched = cursor.fetchall()
    except psycopg.Error as error:
        where = describe(url)
        raise BackendError(f"PostgreSQL query failed at {where}: {_message(error)}") from error
    rows = [{name: _value(v) for name, v in zip(names, row, strict=True)} for row in fetched]
    order = {unit: i for i, unit in enumerate(prepared.units["unit"])}
    return sorted(rows, key=lambda row: order.get(str(row["unit"]), len(order)))  # the window sorted them


def describe(url: str) -> str | None:
    """Where ``url`` points, without its password (``host 127.0.0.1:5432, database postgres``);
    None if it is malformed."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except psycopg.Error:
        return None
    host = str(parts.get("host") or "the local socket")
    port = parts.get("port")
    database = parts.get("dbname") or parts.get("user") or "(default)"
    return f"host {host}{f':{port}' if port else ''}, database {database}"


def _message(error: BaseException) -> str:
    """The driver's message on one line (for a failed query, without its SQL excerpt)."""
    diagnostic = getattr(error, "diag", None)
    text = getattr(diagnostic, "message_primary", None) or str(error)
    return re.sub(r"\s+", " ", text).strip() or type(error).__name__


def _value(value: Any) -> Value:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    return str(value)


# ---- loading ----------------------------------------------------------------------------------


def _load(cursor: psycopg.Cursor[Any], name: str, frame: Any) -> None:
    """Copy ``frame`` into a new temporary table ``name``, dropped when the transaction ends."""
    table = _arrow(frame)
    schema = _ibis_schema(table.schema)
    compiler = _COMPILER
    columns = ", ".join(
        f"{_quote(column)} {compiler.type_mapper.to_string(dtype)}" for column, dtype in schema.items()
    )
    cursor.execute(f"CREATE TEMPORARY TABLE {_quote(name)} ({columns}) ON COMMIT DROP".encode())
    quoted = ", ".join(_quote(column) for column in schema.names)
    data = [table.column(i).to_pylist() for i in range(table.num_columns)]
    with cursor.copy(f"COPY {_quote(name)} ({quoted}) FROM STDIN".encode()) as copy:
        for row in zip(*data, strict=True):
            copy.write_row(row)


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _arrow(frame: Any) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def _ibis_schema(schema: pa.Schema) -> ibis.Schema:
    """The Ibis schema of a frame; a column with no values at all (an empty frame's text
    columns) is text, as PostgreSQL needs a type for every column."""
    fields = [pa.field(f.name, pa.string()) if pa.types.is_null(f.type) else f for f in schema]
    return ibis.Schema.from_pyarrow(pa.schema(fields))


# ---- compiling ---------------------------------------------------------------------------------


class _Compiler(DoubleConstants, PostgresCompiler):  # type: ignore[misc]  # ibis is untyped here
    """Ibis's PostgreSQL compiler with our rounding and double-typed float constants."""

    __slots__ = ()

    def visit_Cast(self, op: Any, *, arg: Any, to: dt.DataType) -> Any:
        """PostgreSQL casts a boolean to an integer but not to a double: go through INT."""
        if op.arg.dtype.is_boolean() and to.is_floating():
            return self.cast(self.cast(arg, dt.int32), to)
        return super().visit_Cast(op, arg=arg, to=to)

    def visit_Round(self, op: Any, *, arg: Any, digits: Any) -> Any:
        """Half away from zero on the double ``x · 10ⁿ``, exactly as the reference does it:
        ``round(numeric)`` of the double's exact shortest text (``extra_float_digits`` > 0)."""
        places = 0 if op.digits is None else int(op.digits.value)
        scale = 10.0**places
        double = self.cast(arg, dt.float64)
        scaled = double if places == 0 else sge.Mul(this=double, expression=self.cast(scale, dt.float64))
        text = self.cast(sge.Paren(this=scaled), dt.string)
        whole = self.cast(self.f.round(self.cast(text, dt.Decimal(None, None))), dt.float64)
        result = whole if places == 0 else sge.Div(this=whole, expression=self.cast(scale, dt.float64))
        return self.cast(result, op.dtype)


_COMPILER = _Compiler()


def plan_sql(plan: Plan, prepared: Prepared) -> str:
    """The plan's PostgreSQL query, compiled once per scheme version and input schema: kept in
    memory per plan, and on disk per scheme digest like DuckDB's (:mod:`dudao.engine.sql.cache`)."""
    schools, units = (
        _ibis_schema(_arrow(prepared.schools.head(0)).schema),
        _ibis_schema(_arrow(prepared.units.head(0)).schema),
    )
    signature = f"postgres|{_fingerprint()}|{schools!r}|{units!r}"
    return sql_cache.cached(plan, signature, lambda: compiled_sql(plan, schools, units))


def compiled_sql(plan: Plan, schools: ibis.Schema, units: ibis.Schema) -> str:
    """The query PostgreSQL runs for ``plan`` over tables of these schemas."""
    query = build_query(
        plan,
        ibis.table(schools, name="schools", database=_SCHEMA),
        ibis.table(units, name="units", database=_SCHEMA),
    )
    return str(_COMPILER.to_sqlglot(query.unbind()).sql(dialect=_COMPILER.dialect, pretty=False))


@cache
def _fingerprint() -> str:
    """This module's code: a changed translation never reads SQL an older one wrote."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
