"""What is specific to the PostgreSQL backend: temporary tables that never outlive a run,
reruns and concurrent runs, unreachable servers, and the translations that make PostgreSQL
compute like the reference (the shared suites check everything else on every backend)."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
import pytest
from typer.testing import CliRunner

from dudao.cli.app import app
from dudao.engine.backends import postgres as postgres_backend
from dudao.engine.backends.postgres import database_url, evaluate_postgres, plan_sql, unavailable
from dudao.engine.backends.reference import evaluate_reference
from dudao.engine.plan import Plan, build_plan
from dudao.engine.prepare import Prepared, prepare
from dudao.errors import BackendError
from dudao.scheme import load_scheme_text
from tests.engine.equivalence import EVERYTHING, differences, generated
from tests.helpers import make_dataset, make_scheme

pytestmark = pytest.mark.postgres

UNREACHABLE = "postgresql://postgres@127.0.0.1:1/x"
OURS = ("units", "schools")


@pytest.fixture(scope="module")
def server() -> str:
    """The test server's URL; skipped when it is not running, except in CI."""
    reason = unavailable()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL must run in CI: {reason}")
        pytest.skip(f"PostgreSQL unavailable: {reason}")
    return database_url({})


@pytest.fixture(scope="module")
def plan() -> Plan:
    scheme, problems = load_scheme_text(EVERYTHING, "everything.yaml")
    assert scheme is not None, [str(p) for p in problems]
    return build_plan(scheme)


@pytest.fixture(scope="module")
def prepared(plan: Plan) -> Prepared:
    return prepare(plan, generated(3), 2021)[0]


class KeepOpen(psycopg.Connection[Any]):
    """A connection the backend cannot close, so the test can look into its session."""

    def close(self) -> None:
        pass


@pytest.fixture
def session(server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[psycopg.Connection[Any]]:
    connection = KeepOpen.connect(server)
    monkeypatch.setattr(postgres_backend, "_connect", lambda url, timeout: connection)
    yield connection
    psycopg.Connection.close(connection)


def temporary_tables(connection: psycopg.Connection[Any]) -> list[str]:
    rows = connection.execute("SELECT relname FROM pg_class WHERE relnamespace = pg_my_temp_schema()")
    return [str(name) for (name,) in rows.fetchall()]


def test_temporary_tables_are_gone_when_a_run_ends(
    session: psycopg.Connection[Any], plan: Plan, prepared: Prepared
) -> None:
    first = evaluate_postgres(plan, prepared)
    second = evaluate_postgres(plan, prepared)  # same session: the first run's tables must be gone
    assert first == second
    assert differences(plan, evaluate_reference(plan, prepared), first) == []
    assert not session.closed and session.info.transaction_status.name == "IDLE"  # committed
    (used,) = session.execute("SELECT pg_my_temp_schema() <> 0").fetchone() or (False,)
    assert used, "the runs created their tables in this session's temporary schema"
    assert temporary_tables(session) == []


def test_a_failed_query_leaves_nothing_behind(
    session: psycopg.Connection[Any], plan: Plan, prepared: Prepared, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        postgres_backend, "plan_sql", lambda plan, prepared: 'SELECT 1 / 0 FROM "pg_temp"."units"'
    )
    with pytest.raises(BackendError, match=r"query failed at host 127\.0\.0\.1:5432.*division by zero"):
        evaluate_postgres(plan, prepared)
    assert session.info.transaction_status.name == "IDLE"  # rolled back
    assert temporary_tables(session) == []


def test_runs_in_a_row_and_side_by_side_agree(server: str, plan: Plan, prepared: Prepared) -> None:
    reference = evaluate_reference(plan, prepared)
    first = evaluate_postgres(plan, prepared, url=server)
    assert [r["unit"] for r in first] == [r["unit"] for r in reference]  # input order, not rank order
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(pool.map(lambda _: evaluate_postgres(plan, prepared, url=server), range(4)))
    assert all(run == first for run in runs)
    with psycopg.connect(server) as connection:
        left = connection.execute(
            "SELECT count(*) FROM pg_class WHERE relname = ANY(%s) AND relpersistence <> 't'", (list(OURS),)
        ).fetchone()
    assert left == (0,), "no permanent tables are created"


def test_an_unreachable_server_is_reported_not_raised(plan: Plan, prepared: Prepared) -> None:
    reason = unavailable(url=UNREACHABLE)
    assert reason is not None and "host 127.0.0.1:1, database x" in reason
    with pytest.raises(
        BackendError, match=r"cannot connect to PostgreSQL at host 127\.0\.0\.1:1, database x"
    ):
        evaluate_postgres(plan, prepared, url=UNREACHABLE)


def test_the_url_comes_from_the_option_then_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE)
    assert "127.0.0.1:1" in (unavailable() or "")
    assert database_url({"url": "postgresql+psycopg://u@h/d"}) == "postgresql://u@h/d"
    monkeypatch.delenv("DATABASE_URL")
    assert database_url({}) == postgres_backend.DEFAULT_URL


def test_a_malformed_url_is_named_without_echoing_it() -> None:
    reason = unavailable(url="postgresql://user:hunter2@127.0.0.1:5432/x?nonsense=1")
    assert reason is not None and "malformed PostgreSQL URL" in reason and "hunter2" not in reason


def test_a_silent_server_gives_up_after_about_two_seconds() -> None:
    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        start = time.perf_counter()
        reason = unavailable(url=f"postgresql://postgres@127.0.0.1:{listener.getsockname()[1]}/x")
        elapsed = time.perf_counter() - start
    assert reason is not None and "timeout" in reason
    assert elapsed < 5


def test_the_cli_says_what_failed_and_exits_1() -> None:
    result = CliRunner().invoke(
        app, ["evaluate", "--backend", "postgres", "--database-url", UNREACHABLE], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 1
    assert "计算引擎 postgres 无法使用" in result.output
    assert "host 127.0.0.1:1, database x" in result.output
    assert "Traceback" not in result.output


def test_the_cli_reads_database_url_from_the_environment() -> None:
    result = CliRunner().invoke(
        app, ["evaluate", "--backend", "postgres"], env={"DATABASE_URL": UNREACHABLE, "COLUMNS": "200"}
    )
    assert result.exit_code == 1 and "127.0.0.1:1" in result.output


def test_the_sql_is_compiled_once_per_plan_and_reads_temporary_tables(plan: Plan, prepared: Prepared) -> None:
    sql = plan_sql(plan, prepared)
    assert plan_sql(plan, prepared) is sql
    assert '"pg_temp"."units"' in sql and '"pg_temp"."schools"' in sql
    assert "DESC NULLS LAST" in sql  # missing totals rank last, as everywhere


TRAPS = """
  - {code: r3, name: 三位, formula: "round(a, 3)"}
  - {code: r0, name: 整数, formula: "round(a)"}
  - {code: consts, name: 常数, formula: "if(0.1 + 0.2 == 0.3, 1, 0) + floor(1 / 3 * 3) + a * 0"}
  - {code: share, name: 占比, formula: "share_if(ok) + count_true(a > 0, flag)"}
"""


def test_postgres_computes_like_the_reference(server: str) -> None:
    """Half away from zero on the double (not on its 15-digit decimal copy, nor half to even),
    float constants as doubles (not exact NUMERIC), yes/no counted as numbers."""
    plan = build_plan(make_scheme(indicators=TRAPS))
    units = [("500000", "市", "", "city", "")]
    values: list[tuple[str, str, int, float | None]] = []
    given = [0.5005, 2.5, -2.5, 0.49999999999999994, -0.5005, 1.0005, None]
    for i, a in enumerate(given):
        code = f"5001{i:02d}"
        units.append((code, f"区{i}", "500000", "district", ""))
        values += [(code, "a", 2021, a), (code, "flag", 2021, float(i % 2))]
        for s in range(3):
            units.append((f"{code}{s}", f"校{s}", code, "school", "primary"))
            values.append((f"{code}{s}", "ok", 2021, float(s == 0)))
    prepared, _ = prepare(plan, make_dataset(units, values), 2021)
    reference = evaluate_reference(plan, prepared)
    rows = evaluate_postgres(plan, prepared, url=server)
    assert differences(plan, reference, rows) == []
    column = plan.indicator_columns
    assert [r[column["r3"]] for r in rows] == [0.5, 2.5, -2.5, 0.5, -0.5, 1.001, None]
    assert [r[column["r0"]] for r in rows] == [1.0, 3.0, -3.0, 0.0, -1.0, 1.0, None]
    assert {r[column["consts"]] for r in rows} == {1.0, None}
