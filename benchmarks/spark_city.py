"""Spark in local mode at city scale: the path works end to end (not a speed claim).

    .venv/bin/python benchmarks/spark_city.py [--repeat 3]

``dudao evaluate --backend spark`` in a new process on the generated city snapshot (JVM start
included), and ``evaluate()`` again in the same process (warm), beside DuckDB measured the
same way. Writes the "spark" section.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import median_seconds, snapshot_for, write_section
from dudao.data import read_dataset
from dudao.engine import evaluate
from dudao.engine.backends import backend_unavailable
from dudao.samples import bundled_scheme_path
from dudao.scheme import read_scheme

DUDAO = str(Path(sys.executable).with_name("dudao"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    folder, facts = snapshot_for("city")
    scheme = read_scheme(bundled_scheme_path("cq-district-2022"))
    dataset = read_dataset(folder)
    rows = []
    for backend in ("duckdb", "spark"):
        reason = backend_unavailable(backend)
        if reason is not None:
            print(f"skipping {backend}: {reason}", file=sys.stderr)
            continue

        def cli(backend: str = backend) -> None:
            with tempfile.TemporaryDirectory() as out:
                subprocess.run(
                    [
                        DUDAO,
                        "evaluate",
                        "--data",
                        str(folder),
                        "--backend",
                        backend,
                        "--format",
                        "json",
                        "--out",
                        f"{out}/r.json",
                    ],
                    check=True,
                    capture_output=True,
                    env=os.environ,
                )

        new_process = median_seconds(cli, args.repeat)
        evaluate(scheme, dataset, backend=backend)
        warm = median_seconds(lambda b=backend: evaluate(scheme, dataset, backend=b), args.repeat)
        same = evaluate(scheme, dataset, backend=backend).ranked()
        rows.append({"backend": backend, "cli": new_process, "warm": warm, "ranking": [u.code for u in same]})
        print(rows[-1]["backend"], new_process, warm, flush=True)
    agree = len({tuple(r["ranking"]) for r in rows}) == 1
    lines = [
        "## Spark (local mode) at city scale",
        "",
        f"`.venv/bin/python benchmarks/spark_city.py --repeat {args.repeat}`: cq-district-2022 on the "
        f"generated city ({facts['schools']:,} schools, {facts['counties']} counties); Spark runs "
        "`local[2]` on this machine. It shows the distributed path works; it is not a speed claim. "
        f"Same ranking on both: {'yes' if agree else 'NO'}.",
        "",
        "| backend | new process `dudao evaluate` (s) | warm `evaluate()` (s) |",
        "|---|---:|---:|",
        *[f"| {r['backend']} | {r['cli']:.2f} | {r['warm']:.3f} |" for r in rows],
    ]
    write_section("spark", lines)


if __name__ == "__main__":
    main()
