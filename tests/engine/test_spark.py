"""What is particular to the Spark backend: its session, the reasons it cannot run, Spark SQL's
traps (ANSI division, ROUND, FLOOR, DECIMAL constants) and the CLI in local mode.

The suites that hold on every backend (equivalence, rules, school data, the bundled round) run
on Spark through the ``backend`` fixtures. Tests that start Spark are slow: CI runs them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dudao.cli.app import app
from dudao.engine import evaluate
from dudao.engine.backends import backend_unavailable
from dudao.engine.backends import spark as spark_backend
from dudao.engine.dataset import Dataset
from dudao.engine.plan import build_plan
from dudao.engine.prepare import prepare
from dudao.errors import BackendError
from dudao.scheme import Scheme
from tests.engine.equivalence import same
from tests.helpers import make_dataset, make_scheme

slow = pytest.mark.slow


@pytest.fixture
def spark() -> None:
    reason = backend_unavailable("spark")
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"backend spark must run in CI: {reason}")
        pytest.skip(f"backend spark unavailable: {reason}")


# Values where Spark SQL and the reference part ways unless the compiler takes care.
TRAPS = """  - {code: r2, name: 两位, formula: "round(a, 2)"}
  - {code: r0, name: 取整, formula: "round(a)"}
  - {code: down, name: 向下, formula: "floor(a)"}
  - {code: up, name: 向上, formula: "ceil(a)"}
  - {code: ratio, name: 比, formula: "a / b"}
  - {code: third, name: 三分之一, formula: "1 / 3 + b * 0"}
  - {code: share, name: 占比, formula: "share_if(ok)"}
  - {code: per, name: 人均, formula: "sum(books) / sum(pupils)"}"""
TRICKY = [2.675, 0.285, -2.675, -0.285, 1.005, 2.5, -2.5, 0.5, -0.5, 1e300, -1e300, 2.0**52 + 1, -7.45, None]


def traps_round() -> tuple[Scheme, Dataset]:
    units = [("500000", "市", "", "city", "")]
    values: list[tuple[str, str, int, float | None]] = []
    for n, a in enumerate(TRICKY):
        code = f"5001{n:02d}"
        units.append((code, f"区{n}", "500000", "district", ""))
        values += [(code, "a", 2021, a), (code, "b", 2021, float(n % 3))]  # b: zeros and non-zeros
    for s, ok in enumerate([1.0, 0.0, 0.0, None]):  # one school in three is ok: 33.33…%
        school = f"500100{s:04d}"
        units.append((school, f"校{s}", "500100", "school", "primary"))
        values += [(school, "ok", 2021, ok), (school, "books", 2021, 10.0 * s), (school, "pupils", 2021, 0.0)]
    return make_scheme(indicators=TRAPS), make_dataset(units, values)


@slow
def test_spark_sql_traps_give_the_reference_values(spark: None) -> None:
    scheme, data = traps_round()
    reference = evaluate(scheme, data, backend="python")
    on_spark = evaluate(scheme, data, backend="spark")
    for unit in reference.units:
        theirs = on_spark.unit(unit.code).indicators
        for name, value in unit.indicators.items():
            assert same(value, theirs[name]), (unit.code, name, value, theirs[name])
    first = on_spark.unit("500100").indicators
    # Spark's own ROUND rounds the decimal text: ROUND(0.285, 2) is 0.29 and ROUND(1.005, 2) is
    # 1.01, while the reference rounds the double 0.285 × 100 = 28.499999999999996.
    assert on_spark.unit("500101").indicators["r2"] == 0.28
    assert on_spark.unit("500104").indicators["r2"] == 1.0
    assert on_spark.unit("500106").indicators["r0"] == -3.0  # half away from zero
    assert on_spark.unit("500109").indicators["down"] == 1e300  # FLOOR as BIGINT clamps at 2⁶³
    assert first["ratio"] is None  # a / 0 under ANSI mode: missing, not an error
    assert first["third"] == 1 / 3  # not the DECIMAL 0.333333
    assert first["share"] == 100 / 3  # not avg(DECIMAL) 33.33333
    assert first["per"] is None  # zero pupils


@slow
def test_local_mode_runs_in_one_session(spark: None) -> None:
    scheme, data = traps_round()
    evaluate(scheme, data, backend="spark")
    session = spark_backend.session()
    evaluate(scheme, data, backend="spark", options={"master": "local[2]"})
    assert spark_backend.session() is session
    context = session.sparkContext
    assert context.master == "local[2]"
    assert session.conf.get("spark.sql.ansi.enabled") == "true"
    assert session.conf.get("spark.sql.shuffle.partitions") == "2"
    assert not session.catalog.tableExists("units")  # the views are dropped after each run
    with pytest.raises(BackendError, match=r"already runs Spark on local\[2\]"):
        spark_backend.session("local[1]")


@slow
def test_a_failing_query_is_a_backend_error(spark: None, monkeypatch: pytest.MonkeyPatch) -> None:
    scheme, data = traps_round()
    plan = build_plan(scheme)
    prepared, _ = prepare(plan, data, 2021)
    monkeypatch.setattr(spark_backend, "plan_sql", lambda plan, prepared: "SELECT no_such_column FROM units")
    with pytest.raises(BackendError) as caught:
        spark_backend.evaluate_spark(plan, prepared)
    message = str(caught.value)
    assert message.startswith("Spark failed on scheme t: ") and "no_such_column" in message
    assert "\n" not in message  # the JVM stack trace stays in the cause
    assert not spark_backend.session().catalog.tableExists("schools")


@slow
def test_the_cli_ranks_the_bundled_round_as_duckdb_does(spark: None) -> None:
    """A user's command in a fresh process: Spark starts in local mode, quietly, and exits."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "dudao",
            "evaluate",
            "--backend",
            "spark",
            "--master",
            "local[1]",
            "-f",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not [line for line in done.stderr.splitlines() if " WARN " in line or " INFO " in line]
    duckdb = CliRunner().invoke(app, ["evaluate", "--backend", "duckdb", "-f", "json"])
    assert duckdb.exit_code == 0
    ours, theirs = json.loads(done.stdout), json.loads(duckdb.stdout)
    assert ours["backend"] == "spark" and len(ours["units"]) == 38

    def ranking(results: dict[str, list[dict[str, object]]]) -> list[tuple[object, ...]]:
        return [(u["code"], u["rank"], u["total"], u["grade"]) for u in results["units"]]

    assert ranking(ours) == ranking(theirs)


# Why Spark cannot run: checked without starting it.


def fake_java(folder: Path, version: str) -> Path:
    java = folder / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text(f"#!/bin/sh\necho '{version}' >&2\n", encoding="utf-8")
    java.chmod(0o755)
    return java


def test_without_java_spark_is_unavailable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    reason = spark_backend.unavailable()
    assert reason is not None and "Java 17 is not installed" in reason and "PATH" in reason
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "nowhere"))
    reason = spark_backend.unavailable()
    assert reason is not None and "JAVA_HOME" in reason
    with pytest.raises(BackendError, match="Spark cannot run here: Java 17"):
        spark_backend.evaluate_spark(None, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("banner", "major"),
    [('openjdk version "11.0.22" 2024-01-16', 11), ('java version "1.8.0_402"', 8)],
)
def test_an_old_java_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, banner: str, major: int
) -> None:
    java = fake_java(tmp_path, banner)
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    assert spark_backend.unavailable() == f"Spark needs Java 17 or later; {java} is Java {major}"


def test_a_java_that_does_not_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    java = fake_java(tmp_path, "nothing useful")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(java.parent))
    assert spark_backend.unavailable() == f"cannot tell which Java {java} is (java -version failed)"


def test_java_17_will_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_java(tmp_path, 'openjdk version "17.0.15" 2025-04-15')
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    assert spark_backend.unavailable() is None
    assert spark_backend.unavailable(master="local[4]", url="postgresql://ignored") is None


def test_without_pyspark_spark_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spark_backend, "find_spec", lambda name: None)
    assert spark_backend.unavailable() == "pyspark is not installed (pip install 'dudao[spark]')"


def test_an_unreachable_master_is_reported_before_starting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_java(tmp_path, 'openjdk version "21.0.1" 2023-10-17')
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    master = "spark://127.0.0.1:1,[::1]:1"
    assert spark_backend.unavailable(master=master) == f"cannot connect to the Spark master {master}"
    assert spark_backend.unavailable(master="spark://nohost") is not None  # no port
    result = CliRunner().invoke(app, ["evaluate", "--backend", "spark", "--master", "spark://127.0.0.1:1"])
    assert result.exit_code == 1 and "cannot connect to the Spark master" in result.output
