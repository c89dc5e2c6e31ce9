from __future__ import annotations

from pathlib import Path

import pytest

from dudao.engine.backends import duckdb as duckdb_backend
from dudao.engine.backends.reference import evaluate_reference
from dudao.engine.plan import _compile
from dudao.engine.prepare import prepare
from tests.engine.equivalence import differences, generated
from tests.helpers import make_scheme


def test_compiled_sql_is_reused_from_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUDAO_CACHE_DIR", str(tmp_path))
    scheme = make_scheme(indicators='  - {code: r, name: 比率, formula: "a / b * 100"}')
    first = _compile(scheme)
    prepared, _ = prepare(first, generated(1), 2021)
    rows = duckdb_backend.evaluate_duckdb(first, prepared)
    assert len(list(tmp_path.glob("*.sql"))) == 1

    def fail(*_: object) -> str:
        raise AssertionError("the SQL should come from the cache")

    monkeypatch.setattr(duckdb_backend, "compiled_sql", fail)
    second = _compile(scheme)  # a new plan object, as in a new process
    again = duckdb_backend.evaluate_duckdb(second, prepared)
    assert differences(second, rows, again) == []
    assert differences(second, evaluate_reference(second, prepared), again) == []


def test_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUDAO_CACHE_DIR", "off")
    scheme = make_scheme(indicators='  - {code: r, name: 比率, formula: "a + b"}')
    plan = _compile(scheme)
    prepared, _ = prepare(plan, generated(2), 2021)
    duckdb_backend.evaluate_duckdb(plan, prepared)
    assert list(tmp_path.iterdir()) == []
