"""Run a plan on Apache Spark through PySpark, with the query Ibis builds for every engine.

The plan becomes the same Ibis expression as on DuckDB
(:func:`dudao.engine.sql.query.build_query`), compiled to Spark SQL once per plan and
run over the prepared frames, which are loaded as temporary views. One SparkSession serves
the whole process, started on first use: ``local[2]``, or the cluster ``options["master"]``
names (``spark://host:7077``, ``yarn``, ``k8s://…``).

Where Spark SQL means something else than our semantics, the compiler below says it our way:

- **ANSI mode** (the default since Spark 4) raises on division by zero. It stays on, so that
  a surprise fails loudly; every division the IR compiles to is by ``NULLIF(divisor, 0)``.
- **Constants** such as ``100.0`` are DECIMAL in Spark SQL: ``avg(if(c, 100.0, 0.0))``
  would keep only 5 decimals. Float constants are written as DOUBLE (``100.0D``).
- **ROUND** on a DOUBLE rounds the number's shortest decimal text half up, so
  ``round(0.285, 2)`` is 0.29 on Spark, while the reference scales in DOUBLE,
  0.285 × 100 = 28.499999999999996, and gives 0.28. It is compiled to the reference's
  arithmetic (the one difference left: where ``x·10ⁿ`` overflows, beyond 10³⁰⁰, Spark
  gives ±infinity and the reference ``x``).
- **FLOOR** and **CEIL** return BIGINT and silently clamp beyond 2⁶³; they stay DOUBLE
  here (a double of magnitude ≥ 2⁵² is already whole).
- Missing totals rank last: Spark sorts NULLs last on a descending order, as DuckDB does.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import math
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import warnings
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ibis
import pyarrow as pa

from dudao.engine.plan import Plan
from dudao.engine.prepare import Prepared
from dudao.engine.sql import cache as sql_cache
from dudao.engine.sql.query import build_query
from dudao.errors import BackendError
from dudao.expr import ir

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

Row = dict[str, ir.Value]

JAVA_MAJOR = 17  # Spark 4.0 runs on Java 17 or 21
LOCAL_MASTER = "local[2]"

_lock = threading.RLock()
_session: SparkSession | None = None

_LOCAL_SETTINGS = {
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.codegen.factoryMode": "NO_CODEGEN",
}

# Spark's JVM logs at INFO/WARN to the console by default; keep errors only.
_LOG4J = """\
rootLogger.level = error
logger.gateway.name = org.apache.spark.api.python.PythonGatewayServer
logger.gateway.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
"""
_LOG4J_DIGEST = hashlib.sha256(_LOG4J.encode()).hexdigest()[:12]


def unavailable(**options: str) -> str | None:
    """Why Spark cannot run here (pyspark or Java 17+ missing), or None when it can."""
    if find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'dudao[spark]')"
    java = java_executable()
    if java is None:
        where = "JAVA_HOME" if os.environ.get("JAVA_HOME") else "PATH"
        return f"Java {JAVA_MAJOR} is not installed (no java in {where}; on Debian: openjdk-17-jre-headless)"
    major = java_major(java)
    if major is None:
        return f"cannot tell which Java {java} is (java -version failed)"
    if major < JAVA_MAJOR:
        return f"Spark needs Java {JAVA_MAJOR} or later; {java} is Java {major}"
    return _unreachable(options.get("master", ""))


def _unreachable(master: str) -> str | None:
    """A standalone master (``spark://host:port[,host:port…]``) that takes no connection;
    without this check Spark retries for a minute before it gives up."""
    if not master.startswith("spark://"):
        return None
    for address in master.removeprefix("spark://").split(","):
        host, _, port = address.rpartition(":")
        try:
            with socket.create_connection((host.strip("[]") or "localhost", int(port)), timeout=5):
                return None
        except (OSError, ValueError):
            continue
    return f"cannot connect to the Spark master {master}"


def java_executable() -> str | None:
    """The java PySpark launches: ``$JAVA_HOME/bin/java`` when JAVA_HOME is set, else PATH's."""
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = Path(home) / "bin" / "java"
        return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else None
    return shutil.which("java")


@functools.cache
def java_major(java: str) -> int | None:
    """The major version ``java -version`` reports (8 for ``1.8.0_402``), or None."""
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if found is None:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major


def evaluate_spark(plan: Plan, prepared: Prepared, **options: str) -> list[Row]:
    """Evaluate on Spark: on the cluster ``options["master"]``, else in local mode."""
    reason = unavailable(**options)
    if reason is not None:
        raise BackendError(f"Spark cannot run here: {reason}")
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    sql = plan_sql(plan, prepared)
    with _lock:  # the views have fixed names: one evaluation at a time per session
        spark = session(options.get("master"))
        try:
            with warnings.catch_warnings():
                # PySpark leaves the socket it streams results on to the garbage collector.
                warnings.simplefilter("ignore", ResourceWarning)
                spark.createDataFrame(_arrow(prepared.schools)).createOrReplaceTempView("schools")
                spark.createDataFrame(_arrow(prepared.units)).createOrReplaceTempView("units")
                result = spark.sql(sql).toArrow()
        except (PySparkException, Py4JError) as error:
            raise BackendError(
                f"Spark failed on scheme {plan.scheme.info.code}: {_message(error)}"
            ) from error
        finally:
            with contextlib.suppress(PySparkException, Py4JError):
                spark.catalog.dropTempView("schools")
                spark.catalog.dropTempView("units")
    rows: list[Row] = _as_doubles(result).to_pylist()
    order = {code: i for i, code in enumerate(prepared.units["unit"])}
    rows.sort(key=lambda row: order.get(str(row["unit"]), len(order)))
    return rows


def session(master: str | None = None) -> SparkSession:
    """The process's SparkSession, started on first use. Asking for another master than the
    running one is an error: Spark allows one SparkContext per process."""
    global _session
    wanted = master or LOCAL_MASTER
    with _lock:
        if _session is not None and _session.sparkContext._jsc is not None:
            running = str(_session.sparkContext.master)
            if master is not None and running != wanted:
                raise BackendError(
                    f"this process already runs Spark on {running}; it cannot also use {wanted}"
                )
            return _session
        _session = _start(wanted)
        return _session


def _start(master: str) -> SparkSession:
    from pyspark.logger import PySparkLogger
    from pyspark.sql import SparkSession

    # PySpark logs every failed query with its JVM stack; ours become a BackendError instead.
    for name in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):
        PySparkLogger.getLogger(name).setLevel(logging.CRITICAL)
    builder = (
        SparkSession.builder.master(master)
        .appName("dudao")
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{_log4j_file()}")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
    )
    if master.startswith("local"):
        # One machine's round is a few thousand rows: Spark's 200 shuffle partitions, adaptive
        # re-planning and compiling every expression to Java cost more than they save (an
        # evaluation of the equivalence scheme takes 0.6 s instead of 2 s).
        for key, value in _LOCAL_SETTINGS.items():
            builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as error:  # the JVM did not start, or the master cannot be reached
        raise BackendError(f"cannot start Spark on {master}: {_message(error)}") from error
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _log4j_file() -> Path:
    """Spark's log configuration, written once per machine (atomically: processes race)."""
    path = Path(tempfile.gettempdir()) / f"dudao-spark-log4j2-{_LOG4J_DIGEST}.properties"
    if not path.is_file():
        with contextlib.suppress(OSError):  # without it Spark only logs more
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(_LOG4J)
            os.replace(temporary, path)
    return path


def plan_sql(plan: Plan, prepared: Prepared) -> str:
    """The plan's Spark SQL, compiled once per scheme version (in memory, and on disk in the
    cache :mod:`dudao.engine.sql.cache` keeps for DuckDB's SQL)."""
    signature = f"spark|{_fingerprint()}|{_signature(prepared)}"
    return sql_cache.cached(plan, signature, lambda: compiled_sql(plan, prepared))


def compiled_sql(plan: Plan, prepared: Prepared) -> str:
    """The Spark SQL for ``plan`` over tables shaped like ``prepared``'s."""
    schools = ibis.table(_schema(prepared.schools), name="schools")
    units = ibis.table(_schema(prepared.units), name="units")
    compiler = _compiler()
    return str(compiler.to_sqlglot(build_query(plan, schools, units)).sql(dialect=compiler.dialect))


@functools.cache
def _fingerprint() -> str:
    """This module and pyspark's version: a changed Spark compiler never reads old SQL."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    with contextlib.suppress(metadata.PackageNotFoundError):
        digest.update(metadata.version("pyspark").encode())
    return digest.hexdigest()[:16]


def _signature(prepared: Prepared) -> str:
    return f"{_schema(prepared.schools)!r}|{_schema(prepared.units)!r}"


@functools.cache
def _compiler() -> Any:
    """Ibis's Spark SQL compiler, with the translations our semantics need (see the top)."""
    import ibis.expr.datatypes as dt
    import sqlglot.expressions as sge
    from ibis.backends.pyspark import Backend
    from ibis.backends.sql.compilers.pyspark import PySparkCompiler

    Backend.register_options()  # the compiler reads ibis.options.pyspark

    whole_from = sge.Literal.number("4503599627370496.0D")  # 2**52: larger doubles are whole

    def double(value: float) -> sge.Expression:
        return sge.Literal.number(f"{value!r}D")

    def _grouped(arg: Any) -> Any:
        """Spark's grammar has no ``x IS NULL IS NULL``: a test of a test needs brackets."""
        return arg if isinstance(arg, (sge.Column, sge.Literal, sge.Paren)) else sge.paren(arg)

    class Compiler(PySparkCompiler):  # type: ignore[misc]
        __slots__ = ()

        def visit_NonNullLiteral(self, op: Any, *, value: Any, dtype: dt.DataType) -> Any:
            if dtype.is_floating() and math.isfinite(value):
                return double(float(value))
            return super().visit_NonNullLiteral(op, value=value, dtype=dtype)

        def visit_Round(self, op: Any, *, arg: Any, digits: Any) -> Any:
            """The reference's ``round_half_away``: scale by 10ⁿ in DOUBLE, round that to a
            whole number, scale back. Spark rounds a double's decimal text half up; for a whole
            rounding that is exact, since ``k + 0.5`` is a double and no other double prints
            as ``k.5``. ``x`` appears once, so nested rounds do not grow the SQL."""
            if not op.arg.dtype.is_floating():
                return super().visit_Round(op, arg=arg, digits=digits)
            places = 0 if op.digits is None else int(op.digits.value)
            if places == 0:
                return self.f.round(arg, 0)
            scale = double(10.0**places)
            return self.f.round(sge.paren(arg * scale), 0) / scale

        def visit_IsNull(self, op: Any, *, arg: Any) -> Any:
            return super().visit_IsNull(op, arg=_grouped(arg))

        def visit_NotNull(self, op: Any, *, arg: Any) -> Any:
            return super().visit_NotNull(op, arg=_grouped(arg))

        def visit_Floor(self, op: Any, *, arg: Any) -> Any:
            return self._whole(op, arg, self.f.floor) or super().visit_Floor(op, arg=arg)

        def visit_Ceil(self, op: Any, *, arg: Any) -> Any:
            return self._whole(op, arg, self.f.ceil) or super().visit_Ceil(op, arg=arg)

        def _whole(self, op: Any, arg: Any, function: Any) -> Any:
            if not op.arg.dtype.is_floating():
                return None
            return sge.Case(
                ifs=[sge.If(this=self.f.abs(arg) < whole_from, true=self.cast(function(arg), dt.float64))],
                default=arg,
            )

    return Compiler()


def _message(error: BaseException) -> str:
    """The first line of a Spark error: the rest is a JVM stack trace."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _arrow(frame: Any) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def _schema(frame: Any) -> ibis.Schema:
    return ibis.Schema.from_pyarrow(_arrow(frame.head(0)).schema)


def _as_doubles(table: pa.Table) -> pa.Table:
    """Numbers come back as DOUBLE, whatever type Spark inferred (DECIMAL, BIGINT)."""
    fields = [
        pa.field(f.name, pa.float64()) if pa.types.is_decimal(f.type) or pa.types.is_integer(f.type) else f
        for f in table.schema
    ]
    return table.cast(pa.schema(fields))
