"""Incremental re-score: one value of one district changes; how long until the ranking is new.

    .venv/bin/python benchmarks/incremental.py [--repeat 21] [--scales city,province]

:class:`dudao.engine.incremental.LiveRound` on the generated snapshot (scored once on
DuckDB), then ``set_values`` on one district's budget: the snapshot row update, re-scoring
that district and re-ranking every unit. Measured in memory, and with the snapshot folder kept
in step on disk (the district's province partition rewritten). Baseline: a full warm
evaluation of the same data in the same process. Writes the "incremental" section.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import tempfile
from pathlib import Path

from common import median_seconds, snapshot_for, write_section
from dudao.data import read_dataset
from dudao.data.snapshot import snapshot_writer
from dudao.engine import evaluate
from dudao.engine.incremental import LiveRound
from dudao.samples import bundled_scheme_path
from dudao.scheme import read_scheme


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--scales", default="city,province")
    args = parser.parse_args()
    scheme = read_scheme(bundled_scheme_path("cq-district-2022"))
    rows = []
    for scale in args.scales.split(","):
        folder, facts = snapshot_for(scale)
        with tempfile.TemporaryDirectory() as work:
            copy = Path(work) / "snapshot"
            shutil.copytree(folder, copy)
            for on_disk in (False, True):
                dataset = read_dataset(copy)
                live = LiveRound(scheme, dataset, on_change=snapshot_writer(copy) if on_disk else None)
                district = live.results.ranked()[len(live.results.units) // 2].code
                budget = float(dataset.wide(2021, "district").loc[district, "edu_budget"])
                steps = itertools.count()

                def change(
                    live: LiveRound = live,
                    district: str = district,
                    budget: float = budget,
                    steps: itertools.count[int] = steps,
                ) -> None:  # a different value each time, so every call changes the score
                    live.set_values([(district, "edu_budget", 2021, budget * (1 + next(steps) % 7 / 100))])

                latency = median_seconds(change, args.repeat)
                full = median_seconds(lambda d=dataset: evaluate(scheme, d), 3)
                rows.append({"scale": scale, "disk": on_disk, "latency": latency, "full": full, **facts})
                print(rows[-1], flush=True)
    lines = [
        "## Incremental re-score",
        "",
        f"`.venv/bin/python benchmarks/incremental.py --repeat {args.repeat}`: one district's "
        "一般公共预算教育经费 changes (cq-district-2022); latency = snapshot row rebuilt + that "
        "district re-scored + every unit re-ranked (median). Baseline: a full warm evaluation of "
        "the same data in the same process.",
        "",
        "| scale | schools | snapshot on disk kept in step | re-score latency (ms) | full evaluation (ms) "
        "| full ÷ incremental |",
        "|---|---:|---|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['scale']} | {r['schools']:,} | {'yes' if r['disk'] else 'no (in memory)'} | "
            f"{r['latency'] * 1000:.0f} | {r['full'] * 1000:.0f} | {r['full'] / r['latency']:.1f} |"
        )
    write_section("incremental", lines)


if __name__ == "__main__":
    main()
