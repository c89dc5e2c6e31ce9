"""The bundled round on every backend: first run, new process, warm.

    .venv/bin/python benchmarks/bundled.py [--repeat 5]

Each figure is the median of several runs, reported beside the reference (pure-Python)
backend measured in the same run. Writes the "bundled" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import median_seconds, write_section
from dudao.engine import evaluate
from dudao.engine.backends import backend_unavailable
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.scheme import read_scheme

DUDAO = str(Path(sys.executable).with_name("dudao"))
SQL_CACHE = tempfile.mkdtemp(prefix="dudao-bench-sql-")


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
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

    write_report(rows, repeat)
    print(json.dumps(rows, ensure_ascii=False, indent=2))


def write_report(rows: list[dict[str, object]], repeat: int) -> None:
    lines = [
        "## The bundled round on every backend",
        "",
        f"`.venv/bin/python benchmarks/bundled.py --repeat {repeat}`: the 38 districts and ~1,500 "
        "schools of the bundled sample, read from CSV.",
        "",
        "- **first run**: a new `dudao evaluate … --format json --out F` process with an empty "
        "compiled-SQL cache: imports, reading the scheme and data, compiling the plan and its SQL, "
        "evaluating, writing results with explanations.",
        "- **new process**: the same command once the scheme's SQL is in the on-disk cache.",
        "- **warm**: `dudao.engine.evaluate()` again in the same process (plan cached, data loaded).",
        "- PostgreSQL is the local server (127.0.0.1:5432); Spark runs in local mode (`local[2]`): "
        "these show the paths work, not speed.",
        "",
        "| backend | first run (s) | new process (s) | warm (s) | warm ÷ reference warm |",
        "|---|---:|---:|---:|---:|",
    ]
    reference = next(float(r["warm"]) for r in rows if r["backend"] == "python")  # type: ignore[arg-type]
    for r in rows:
        warm = float(r["warm"])  # type: ignore[arg-type]
        lines.append(
            f"| {r['backend']} | {float(r['first']):.2f} | {float(r['cold']):.2f} | "  # type: ignore[arg-type]
            f"{warm:.3f} | {warm / reference:.2f} |"
        )
    write_section("bundled", lines)


if __name__ == "__main__":
    main()
