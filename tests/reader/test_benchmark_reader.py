"""``benchmarks/reader.py`` runs end to end and writes its section (figures are not checked here:
tests/reader/test_corpus.py pins them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.slow
def test_the_reader_benchmark_writes_its_section(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    env = {**os.environ, "DUDAO_BENCH_REPORT": str(report)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "reader.py"), "--repeat", "1"],
        capture_output=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    text = report.read_text(encoding="utf-8")
    section = text[text.index("<!-- reader -->") : text.index("<!-- /reader -->")]
    rows = [line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")]
    assert {"seed", "dev", "test"} <= set(rows)
    assert "strict precision" in section and "baseline value recall" in section
