"""The benchmark commands run end to end on a small generated city (figures are not checked:
timings never go in a test; the numbers' equality with the pandas baseline is)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_full_and_incremental_benchmarks_write_their_sections(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    env = {**os.environ, "DUDAO_BENCH_DATA": str(tmp_path / "data"), "DUDAO_BENCH_REPORT": str(report)}
    for command in (["full.py", "--scales", "city", "--repeat", "1"], ["incremental.py", "--scales", "city"]):
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / command[0]), *command[1:]],
            check=True,
            capture_output=True,
            env=env,
        )
    text = report.read_text(encoding="utf-8")
    full = text[text.index("<!-- full -->") : text.index("<!-- /full -->")]
    rows = [line for line in full.splitlines() if line.startswith("| city")]
    assert len(rows) == 2 and all("| yes |" in row for row in rows)  # pandas equals dudao
    assert "<!-- incremental -->" in text and "| city | 1,500 |" in text


@pytest.mark.slow
def test_the_exchange_and_quality_benchmarks_write_their_sections(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    env = {**os.environ, "DUDAO_BENCH_DATA": str(tmp_path / "data"), "DUDAO_BENCH_REPORT": str(report)}
    for command in (
        ["exchange.py", "--repeat", "1", "--rows", "20000", "--schools", "300"],
        ["quality.py", "--seeds", "1", "--repeat", "1"],
    ):
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / command[0]), *command[1:]],
            check=True,
            capture_output=True,
            env=env,
        )
    text = report.read_text(encoding="utf-8")
    exchange = text[text.index("<!-- exchange -->") : text.index("<!-- /exchange -->")]
    assert "| long CSV, 20,000 rows" in exchange and "| school workbook, 300 rows" in exchange
    assert "`dudao import` of the demo round's 2021 values" in exchange
    quality = text[text.index("<!-- quality -->") : text.index("<!-- /quality -->")]
    assert "precision" in quality and "| city | 1,500 |" in quality


@pytest.mark.slow
def test_the_results_pages_benchmark_writes_its_section(tmp_path: Path) -> None:
    report = tmp_path / "BENCHMARKS.md"
    env = {**os.environ, "DUDAO_BENCH_REPORT": str(report)}
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "results_pages.py"),
            "--requests",
            "3",
            "--schools",
            "900",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    text = report.read_text(encoding="utf-8")
    section = text[text.index("<!-- results-pages -->") : text.index("<!-- /results-pages -->")]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "|---" not in line][1:]
    assert len(rows) == 6  # two rounds × baseline, ranking, unit page
    assert {row.split(" | ")[1] for row in rows} == {"38", "150"}
    assert "900 schools" in section
