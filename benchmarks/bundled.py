"""Benchmarks of ``dudao evaluate``; rewrites BENCHMARKS.md with the figures of this run.

    ./dev bench                # or: .venv/bin/python benchmarks/run.py [--repeat N]

Each figure is the median of several runs, reported beside a baseline measured in the same
run: the reference (pure-Python) backend for the compiled one, and reading the dataset's
values (pandas ``read_csv``) as the floor that every evaluation pays.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pandas as pd

from dudao.data import read_dataset
from dudao.engine import evaluate
from dudao.engine.evaluate import backend_unavailable
from dudao.engine.plan import _PLANS
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.samples.generate import generate_province, write_dataset
from dudao.scheme import read_scheme

ROOT = Path(__file__).resolve().parent.parent
DUDAO = str(Path(sys.executable).with_name("dudao"))
SQL_CACHE = tempfile.mkdtemp(prefix="dudao-bench-sql-")


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_seconds(args: list[str], repeat: int, first: bool) -> float:
    """A new ``dudao evaluate`` process; ``first``: with an empty compiled-SQL cache each time."""

    def run() -> None:
        with tempfile.TemporaryDirectory() as folder:
            cache = f"{folder}/cache" if first else SQL_CACHE
            subprocess.run(
                [DUDAO, "evaluate", *args, "--format", "json", "--out", f"{folder}/r.json"],
                check=True,
                capture_output=True,
                env={**os.environ, "DUDAO_CACHE_DIR": cache},
            )

    return median_seconds(run, repeat)


def cold_pair(args: list[str], repeat: int) -> dict[str, float]:
    first = cli_seconds(args, repeat, first=True)
    cli_seconds(args, 1, first=False)  # fill the shared cache
    return {"first": first, "cold": cli_seconds(args, repeat, first=False)}


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
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("duckdb", "ibis-framework", "pandas"))
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}, {versions}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--schools", type=int, default=20000)
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    repeat = args.repeat
    rows: list[dict[str, object]] = []

    # 1. The bundled round: 38 districts, ~1,500 schools.
    scheme = read_scheme(bundled_scheme_path())
    dataset = bundled_dataset()
    for backend in ("python", "duckdb", "postgres", "spark"):
        reason = backend_unavailable(backend)
        if reason is not None:
            print(f"skipping {backend}: {reason}", file=sys.stderr)
            continue
        cold = cold_pair(["--backend", backend], max(3, repeat // 2))
        evaluate(scheme, dataset, backend=backend)  # warm: plan cached, data loaded
        warm = median_seconds(lambda b=backend: evaluate(scheme, dataset, backend=b), repeat)
        rows.append(
            {"case": "bundled round (38 districts, ~1,500 schools)", "backend": backend, **cold, "warm": warm}
        )

    # 2. A generated province of 20,000 schools, written to files and read back.
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        write_dataset(generate_province(n_schools=args.schools), Path(folder))
        generated = time.perf_counter() - start
        values = Path(folder) / "values.csv"
        floor = median_seconds(lambda: pd.read_csv(values, dtype=str), repeat)
        province = read_dataset(folder)
        value_count = len(province.values)
        for code in ("cq-district-2022", "cq-balanced-2022"):
            scheme = read_scheme(bundled_scheme_path(code))
            for backend in ("python", "duckdb"):
                cold = cold_pair(
                    ["--scheme", code, "--data", folder, "--backend", backend], max(3, repeat // 2)
                )
                _PLANS.clear()
                evaluate(scheme, province, backend=backend)
                warm = median_seconds(lambda s=scheme, b=backend: evaluate(s, province, backend=b), repeat)
                rows.append(
                    {
                        "case": f"province, {args.schools:,} schools, {code}",
                        "backend": backend,
                        **cold,
                        "warm": warm,
                        "floor": floor,
                    }
                )

    write_report(args.out, rows, repeat, generated, value_count, args.schools)
    print(json.dumps(rows, ensure_ascii=False, indent=2))


def write_report(
    path: Path, rows: list[dict[str, object]], repeat: int, generated: float, value_count: int, schools: int
) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Rerun with `./dev bench` (or `.venv/bin/python benchmarks/run.py`); it rewrites this file.",
        "",
        f"- Machine: {machine()}.",
        f"- Each figure is the median of {repeat} runs (new processes: at least 3).",
        "- **first run**: a new `dudao evaluate … --format json --out F` process with an empty "
        "compiled-SQL cache: imports, reading the scheme and data, compiling the plan and its SQL, "
        "evaluating, writing results with explanations.",
        "- **new process**: the same command once the scheme's SQL is in the on-disk cache.",
        "- **warm**: `dudao.engine.evaluate()` again in the same process (plan cached, data loaded): "
        "prepare + backend + results with explanations.",
        "- **baseline**: the reference backend (pure Python) in the same run; for the province, also "
        "the floor of reading its `values.csv` with pandas.",
        "- PostgreSQL is the local server (127.0.0.1:5432); Spark runs in local mode (`local[2]`) — "
        "these show the paths work, not speed: both pay for a round trip and planning a "
        "deeply nested query, and Spark for starting its JVM in a new process.",
        f"- The province dataset ({schools:,} schools, {value_count:,} values) took "
        f"{generated:.1f} s to generate and write.",
        "",
        "| case | backend | first run (s) | new process (s) | warm (s) | warm ÷ reference warm "
        "| warm ÷ read-CSV floor |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    reference = {str(r["case"]): float(r["warm"]) for r in rows if r["backend"] == "python"}  # type: ignore[arg-type]
    for r in rows:
        warm = float(r["warm"])  # type: ignore[arg-type]
        ratio = warm / reference[str(r["case"])]
        floor = f"{warm / float(r['floor']):.1f}" if "floor" in r else "—"  # type: ignore[arg-type]
        lines.append(
            f"| {r['case']} | {r['backend']} | {float(r['first']):.2f} | {float(r['cold']):.2f} | "  # type: ignore[arg-type]
            f"{warm:.3f} | {ratio:.2f} | {floor} |"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
