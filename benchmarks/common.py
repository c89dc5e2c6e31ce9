"""What the benchmark commands share: the machine, medians, generated snapshots, child
processes that report their own peak memory, and the sections of BENCHMARKS.md."""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from dudao.samples.synth import SCALES, synthesize

ROOT = Path(__file__).resolve().parent.parent
REPORT = Path(os.environ.get("DUDAO_BENCH_REPORT", ROOT / "BENCHMARKS.md"))
DATA = Path(os.environ.get("DUDAO_BENCH_DATA", ROOT / "benchmarks" / ".data"))
PYTHON = sys.executable


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = ", ".join(
        f"{p} {metadata.version(p)}" for p in ("duckdb", "ibis-framework", "pandas", "numpy", "pyarrow")
    )
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}, {versions}"


def snapshot_for(scale: str, schools: int | None = None, seed: int = 1) -> tuple[Path, dict[str, float]]:
    """A generated snapshot (made once, then reused) and how long it took to make."""
    size = schools or SCALES[scale].schools
    folder = DATA / f"{scale}-{size}-seed{seed}"
    facts = folder.with_suffix(".json")
    if not facts.exists():
        if folder.exists():
            for path in sorted(folder.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
            folder.rmdir()
        start = time.perf_counter()
        summary = synthesize(scale, folder, seed=seed, schools=schools)
        facts.write_text(
            json.dumps(
                {
                    "seconds": time.perf_counter() - start,
                    "schools": summary.schools,
                    "counties": summary.counties,
                    "values": summary.values,
                }
            ),
            encoding="utf-8",
        )
    return folder, json.loads(facts.read_text(encoding="utf-8"))


def child(*args: str) -> dict[str, object]:
    """Run ``benchmarks/measure.py`` in a new process; its JSON report (with its peak memory)."""
    done = subprocess.run(
        [PYTHON, str(ROOT / "benchmarks" / "measure.py"), *args],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def write_section(name: str, lines: list[str]) -> None:
    """Replace section ``name`` of BENCHMARKS.md (between its markers), or append it."""
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    text = REPORT.read_text(encoding="utf-8") if REPORT.exists() else _header()
    block = "\n".join([start, *lines, end])
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    text = (
        pattern.sub(lambda _: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    )
    text = re.sub(r"^- Machine: .*$", f"- Machine: {machine()}.", text, count=1, flags=re.M)
    REPORT.write_text(text, encoding="utf-8")


def _header() -> str:
    return "\n".join(
        [
            "# Benchmarks",
            "",
            "Each section is written by one command (shown in it); `./dev bench` runs them all.",
            "Figures are medians of several runs on this machine, each beside a baseline measured in",
            "the same run.",
            "",
            f"- Machine: {machine()}.",
            "",
        ]
    )
