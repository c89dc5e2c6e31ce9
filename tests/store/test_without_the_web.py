"""The store is a library: every command on a stored round works without loading the web app.

Each command runs in its own process, as a user runs it, and reports at exit which of the web's
modules it loaded: none may be. The web's settings stay named in the environment (a test run names
them), to show that :func:`dudao.store.setup` does not follow them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

JIANGBEI = "500105"
# Runs the ``dudao`` command in this process, then says which web modules it had loaded.
COMMAND = """
import atexit, sys

def _report() -> None:
    loaded = sorted(m for m in sys.modules if m == "dudao.web" or m.startswith("dudao.web."))
    sys.stderr.write("\\nweb modules loaded: " + json.dumps(loaded) + "\\n")

import json
atexit.register(_report)
from dudao.cli.app import main
sys.argv = ["dudao", *sys.argv[1:]]
main()
"""


def _environment() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DUDAO_DATA_DIR")}
    environment["DJANGO_SETTINGS_MODULE"] = "dudao.web.settings"
    environment["COLUMNS"] = "200"
    return environment


def dudao(*args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run ``dudao ARGS``; the finished process and the web modules it loaded."""
    done = subprocess.run(
        [sys.executable, "-c", COMMAND, *args],
        capture_output=True,
        text=True,
        env=_environment(),
        timeout=600,
    )
    marker = "web modules loaded: "
    lines = [line for line in done.stderr.splitlines() if line.startswith(marker)]
    assert lines, f"the command did not finish normally: {done.stderr[-2000:]}"
    return done, json.loads(lines[-1][len(marker) :])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the demo round (loaded by ``dudao demo``, which is the web's)."""
    folder = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "dudao"), "demo", "--no-serve", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        env=_environment(),
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return folder


def test_export_then_import_a_round_without_the_web(site: Path, tmp_path: Path) -> None:
    exported = tmp_path / "values.csv"
    done, web = dudao(
        "export", "--round", "1", "--unit", JIANGBEI, "--out", str(exported), "--data-dir", str(site)
    )
    assert done.returncode == 0, done.stderr
    assert web == []
    assert exported.read_text(encoding="utf-8-sig").startswith("unit,element,period,value")
    done, web = dudao("import", str(exported), "--round", "1", "--data-dir", str(site))
    assert done.returncode == 0, done.stderr
    assert web == []
    assert "新增 0、修改 0" in done.stdout  # the values were there already


def test_quality_of_a_round_without_the_web(site: Path) -> None:
    done, web = dudao(
        "quality", "--round", "1", "--unit", JIANGBEI, "--format", "json", "--data-dir", str(site)
    )
    assert done.returncode == 0, done.stderr
    assert web == []
    assert json.loads(done.stdout)["unit"] == JIANGBEI


def test_template_of_a_round_without_the_web(site: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "template.xlsx"
    done, web = dudao(
        "template", "--round", "1", "--unit", JIANGBEI, "--out", str(workbook), "--data-dir", str(site)
    )
    assert done.returncode == 0, done.stderr
    assert web == []
    assert workbook.stat().st_size > 0


def test_an_unknown_round_is_listed_without_the_web(site: Path) -> None:
    done, web = dudao("export", "--round", "99", "--out", "unused.csv", "--data-dir", str(site))
    assert done.returncode == 1
    assert "没有编号为 99 的评价轮次" in done.stderr and "1（" in done.stderr
    assert web == []


def test_a_fresh_data_folder_gets_the_stores_tables_without_the_web(tmp_path: Path) -> None:
    done, web = dudao("quality", "--round", "1", "--data-dir", str(tmp_path))
    assert done.returncode == 1  # migrated, and empty: no round 1
    assert "dudao demo" in done.stderr
    assert web == []
    assert (tmp_path / "dudao.sqlite3").is_file()
