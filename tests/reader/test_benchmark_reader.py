"""``benchmarks/reader.py`` runs end to end and writes its section (timings are not checked)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE = ROOT / "tests" / "reader" / "fixtures" / "jiangbei_2022_claims.yaml"


@pytest.mark.slow
@pytest.mark.skipif(not FIXTURE.exists(), reason="the hand labels are not there yet")
def test_the_reader_benchmark_writes_its_section(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    env = {**os.environ, "DUDAO_BENCH_REPORT": str(report)}
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "reader.py"), "--repeat", "1"],
        check=True,
        capture_output=True,
        env=env,
    )
    text = report.read_text(encoding="utf-8")
    section = text[text.index("<!-- reader -->") : text.index("<!-- /reader -->")]
    assert "| precision |" in section and "| recall |" in section
