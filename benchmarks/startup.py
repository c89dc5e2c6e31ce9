"""How long each command takes to start: this tree against the commit before lazy commands.

    .venv/bin/python benchmarks/startup.py [--repeat 7] [--before 9f735a0]

The baseline is the tree at ``--before`` (9f735a0: every command module imported before the
command line is parsed), checked out in a temporary git worktree and run by the same Python in
the same run, each command alternately on both trees. For each command it gives the median
wall time of the whole process, the median import time that ``python -X importtime`` reports
(the cumulative time of the top-level imports), and which of the heavy libraries the command
imported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import ROOT, machine, write_section

BEFORE = "9f735a0"
HEAVY = ("pandas", "matplotlib", "django", "ibis", "duckdb", "pyspark", "weasyprint")
SCHEME = "src/dudao/samples/schemes/cq_district_2022.yaml"
COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("dudao --help", ("--help",)),
    ("dudao check (bundled scheme)", ("check", SCHEME)),
    ("dudao explain -u 500105 -i A6.1.1", ("explain", "-u", "500105", "-i", "A6.1.1")),
    ("dudao evaluate --help", ("evaluate", "--help")),
)


def run_once(tree: Path, args: tuple[str, ...], work: Path) -> tuple[float, float, set[str]]:
    """One process: wall seconds, import seconds (from -X importtime), heavy modules imported."""
    arguments = [str(tree / a) if a == SCHEME else a for a in args]
    env = {**os.environ, "PYTHONPATH": str(tree / "src"), "COLUMNS": "120"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dudao", *arguments],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed in {tree}:\n{done.stderr[-2000:]}")
    imported, top_level = set(), 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = (part.strip() for part in line[len("import time:") :].split("|"))
        imported.add(name)
        if not line.rsplit("|", 1)[1].startswith("  "):  # nested imports are indented
            top_level += int(cumulative)
    heavy = {h for h in HEAVY if h in imported}
    return wall, top_level / 1e6, heavy


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--before", default=BEFORE)
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as temporary:
        before, work = Path(temporary) / "before", Path(temporary) / "work"
        work.mkdir()
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(before), args.before],
            check=True,
            capture_output=True,
        )
        try:
            for label, command in COMMANDS:
                runs: dict[str, list[tuple[float, float, set[str]]]] = {"before": [], "after": []}
                for _ in range(args.repeat):  # alternate, so that load on the machine hits both
                    runs["before"].append(run_once(before, command, work))
                    runs["after"].append(run_once(ROOT, command, work))
                row: dict[str, Any] = {"command": label}
                for side, measured in runs.items():
                    row[f"{side}_wall"] = statistics.median(m[0] for m in measured)
                    row[f"{side}_import"] = statistics.median(m[1] for m in measured)
                    row[f"{side}_heavy"] = sorted(set().union(*(m[2] for m in measured)))
                rows.append(row)
                print(row, flush=True)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before)],
                check=False,
                capture_output=True,
            )
    write_section("startup", section(rows, args.repeat, args.before))


def section(rows: list[dict[str, Any]], repeat: int, before: str) -> list[str]:
    lines = [
        "## Starting a command",
        "",
        f"`.venv/bin/python benchmarks/startup.py --repeat {repeat}`: each command run as its own "
        f"process, {repeat} times on each tree, alternately (median). Baseline: the tree at "
        f"{before}, where every command module was imported before the command line was parsed, "
        "run by the same Python in the same run. Import time is what `python -X importtime` "
        "reports for the top-level imports; wall time is the whole process. "
        f"Heavy libraries looked for: {', '.join(HEAVY)}.",
        "",
        "| command | wall before (s) | wall after (s) | before ÷ after | imports before (s) "
        "| imports after (s) | before ÷ after | heavy libraries before | heavy libraries after |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        bw, aw = float(row["before_wall"]), float(row["after_wall"])
        bi, ai = float(row["before_import"]), float(row["after_import"])
        lines.append(
            f"| {row['command']} | {bw:.2f} | {aw:.2f} | {bw / aw:.1f} | {bi:.2f} | {ai:.2f} | {bi / ai:.1f} "
            f"| {', '.join(row['before_heavy']) or 'none'} | {', '.join(row['after_heavy']) or 'none'} |"
        )
    lines += ["", f"Machine load when measured: {os.getloadavg()[0]:.2f} (1-minute average); {machine()}."]
    return lines


if __name__ == "__main__":
    main()
