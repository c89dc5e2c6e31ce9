"""A command imports only what it needs: the help and ``check`` start without the heavy libraries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dudao.cli.app import COMMANDS, Command
from dudao.samples import bundled_scheme_path

HEAVY = ("pandas", "matplotlib", "django", "ibis", "duckdb", "pyspark", "weasyprint")
SRC = Path(__file__).resolve().parents[2] / "src"


def imported_by(*args: str, tmp_path: Path) -> set[str]:
    """The top-level packages a ``python -X importtime -m dudao ARGS`` process imported."""
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "120"}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dudao", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    names = [
        line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")
    ]
    assert "dudao.cli.app" in names  # the measurement saw the command start
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize(
    "args",
    [("--help",), ("check", str(bundled_scheme_path())), ("check", "--help")],
    ids=["help", "check", "check-help"],
)
def test_the_help_and_check_import_no_heavy_library(args: tuple[str, ...], tmp_path: Path) -> None:
    assert not imported_by(*args, tmp_path=tmp_path) & set(HEAVY)


def test_explain_on_the_reference_imports_no_sql_engine_documents_or_web(tmp_path: Path) -> None:
    """Explaining a score evaluates (pandas), but on the reference: no SQL engine, no documents, no web."""
    imported = imported_by("explain", "-u", "500105", "-i", "A6.1.1", tmp_path=tmp_path)
    assert "pandas" in imported
    assert not imported & (set(HEAVY) - {"pandas"})


@pytest.mark.parametrize("command", COMMANDS, ids=[c.name for c in COMMANDS])
def test_the_listed_summary_is_the_first_line_of_the_command_docstring(command: Command) -> None:
    assert command.summary == command.docstring().splitlines()[0]


def test_the_group_help_lists_every_command_with_its_summary(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "400"}
    done = subprocess.run(
        [sys.executable, "-m", "dudao", "--help"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    for command in COMMANDS:
        assert f" {command.name} " in done.stdout
        assert command.summary in done.stdout


def test_a_mistyped_command_gets_the_nearest_name(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "dudao", "chek"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2 and "Did you mean 'check'?" in done.stderr
