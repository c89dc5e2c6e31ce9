"""Every benchmark, one after the other; each rewrites its own section of BENCHMARKS.md.

    ./dev bench                       # or: .venv/bin/python benchmarks/run.py [--only full,scaling]

The generated snapshots are made once under ``benchmarks/.data/`` (or ``$DUDAO_BENCH_DATA``)
and reused; the nation takes a few minutes to generate the first time.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "bundled",
    "full",
    "incremental",
    "scaling",
    "spark_city",
    "web_load",
    "results_pages",
    "documents",
    "exchange",
    "quality",
    "reader",
    "startup",
)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", default=",".join(BENCHMARKS), help="comma-separated: " + ", ".join(BENCHMARKS)
    )
    args = parser.parse_args()
    for name in args.only.split(","):
        if name not in BENCHMARKS:
            parser.error(f"unknown benchmark {name!r}; choose from {', '.join(BENCHMARKS)}")
        print(f"== {name}", flush=True)
        subprocess.run([sys.executable, str(HERE / f"{name}.py")], check=True)


if __name__ == "__main__":
    main()
