"""The layers of docs/architecture.md hold: import-linter's contracts (pyproject.toml) pass, fail
on an upward import, and the picture of the layers is drawn from the code as it is."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(source: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def test_the_layers_hold() -> None:
    run = lint_imports(ROOT / "src")
    assert run.returncode == 0, run.stdout[-3000:]
    assert "0 broken" in run.stdout


def test_an_upward_import_breaks_the_contract(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "dudao", copy / "dudao", ignore=shutil.ignore_patterns("__pycache__", "samples")
    )
    (copy / "dudao" / "samples").mkdir()
    shutil.copy(ROOT / "src" / "dudao" / "samples" / "__init__.py", copy / "dudao" / "samples")
    upward = copy / "dudao" / "expr" / "upward.py"
    upward.write_text("from dudao.store import setup  # the formula language reaching up to the store\n")
    run = lint_imports(copy)
    assert run.returncode == 1, run.stdout[-3000:]
    assert "dudao.expr is not allowed to import dudao.store" in run.stdout
    assert "dudao.expr.upward -> dudao.store" in run.stdout


def test_the_picture_of_the_layers_is_up_to_date() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "import_graph.py"), "--check"],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
