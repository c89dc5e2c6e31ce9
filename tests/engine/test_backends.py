"""The backend table: one place names every backend, and the command line is built from it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dudao.cli.app import app
from dudao.engine.backends import BACKENDS, Backend, backend_help, backend_runner
from dudao.errors import BackendError

ENGINE = Path(__file__).parents[2] / "src" / "dudao" / "engine"


def test_every_backend_has_a_module_beside_the_others_and_a_runner() -> None:
    for backend in Backend:
        assert backend.module.startswith("dudao.engine.backends.")
        assert (ENGINE / "backends" / f"{backend.module.rsplit('.', 1)[1]}.py").is_file()
    assert callable(backend_runner("python"))


def test_an_unknown_backend_names_the_choices() -> None:
    with pytest.raises(BackendError, match="python, duckdb, postgres, spark"):
        backend_runner("oracle")


def test_the_backend_option_offers_exactly_the_table() -> None:
    help_text = CliRunner().invoke(app, ["evaluate", "--help"], env={"COLUMNS": "400"}).output
    assert "<python|duckdb|postgres|spark>" in help_text
    assert backend_help().split("：")[0] in help_text
    refused = CliRunner().invoke(app, ["evaluate", "--backend", "oracle"], env={"COLUMNS": "400"})
    assert refused.exit_code == 2
    assert ", ".join(repr(name) for name in BACKENDS) in refused.output


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("module", sorted(p.name for p in (ENGINE / "backends").glob("*.py")))
def test_no_backend_imports_another(module: str) -> None:
    others = {b.module for b in Backend} - {f"dudao.engine.backends.{module[:-3]}"}
    assert not _imports(ENGINE / "backends" / module) & others


@pytest.mark.parametrize("module", sorted(p.name for p in (ENGINE / "sql").glob("*.py")))
def test_the_shared_sql_imports_no_backend(module: str) -> None:
    assert not any(name.startswith("dudao.engine.backends") for name in _imports(ENGINE / "sql" / module))
