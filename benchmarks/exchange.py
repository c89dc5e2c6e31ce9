"""Importing at scale: 1,000,000 long-layout rows from CSV, and a 50,000-row school workbook.

    .venv/bin/python benchmarks/exchange.py [--repeat 3] [--rows 1000000] [--schools 50000]

The CSV is a generated province's school values (``dudao synth --scale province``) in the long
layout, cut at ``--rows``. It times :func:`dudao.data.long_format.read_long_csv` (chunked, with
every cell checked and located) and :func:`dudao.data.records.check_batch` (units, elements,
levels, ranges, duplicates against the bundled scheme), beside ``pandas.read_csv`` of the same
file as text, the floor any CSV import stands on. The workbook is the school template of the
bundled scheme for ``--schools`` schools, filled with values; it times
:func:`dudao.data.workbook.read_workbook` beside python-calamine reading the same sheets' raw
cells. Writes the "exchange" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from common import machine, median_seconds, snapshot_for, write_section
from dudao.data.long_format import read_long_csv, write_long_csv
from dudao.data.records import check_batch
from dudao.data.snapshot import load_snapshot
from dudao.samples import BUNDLED_SCHEMES, bundled_scheme_path
from dudao.scheme import read_scheme
from dudao.scheme.model import Element


def long_csv(rows: int, folder: Path) -> tuple[Path, dict[str, str | None], int]:
    """A province's values, long, cut at ``rows``; the unit levels the check needs."""
    snapshot, _facts = snapshot_for("province")
    dataset, problems = load_snapshot(snapshot)
    assert dataset is not None, problems
    frames = []
    for period, level in sorted(dataset.snapshot_keys(), reverse=True):
        wide = dataset.wide(period, level)
        long = wide.reset_index().melt(id_vars=wide.index.name or "index", var_name="element")
        long.columns = ["unit", "element", "value"]
        long["period"] = period
        frames.append(long)
    values = pd.concat(frames, ignore_index=True).head(rows)
    levels: dict[str, str | None] = {u.code: None for u in dataset.units}
    for unit in dataset.units:
        levels[unit.code] = "school" if unit.level == "school" else "unit"
    path = folder / "values.csv"
    write_long_csv(values[["unit", "element", "period", "value"]], path)
    return path, levels, len(values)


def bundled_elements() -> list[Element]:
    """The elements of both bundled schemes: the generated data serves both."""
    elements: dict[str, Element] = {}
    for code in BUNDLED_SCHEMES:
        for element in read_scheme(bundled_scheme_path(code)).elements:
            elements.setdefault(element.code, element)
    return list(elements.values())


def measure_csv(rows: int, repeat: int) -> list[str]:
    elements = bundled_elements()
    with tempfile.TemporaryDirectory(prefix="dudao-bench-") as folder:
        path, levels, count = long_csv(rows, Path(folder))
        size = path.stat().st_size / 2**20
        baseline = median_seconds(lambda: pd.read_csv(path, dtype=str, keep_default_na=False), repeat)
        read = median_seconds(lambda: read_long_csv(path), repeat)
        batch = read_long_csv(path)
        checked = median_seconds(lambda: check_batch(batch, elements, levels), repeat)
        rejected = len(check_batch(batch, elements, levels).problems)
    return [
        f"| long CSV, {count:,} rows ({size:.0f} MiB) | {baseline:.2f} | {read:.2f} | {checked:.2f} | "
        f"{read + checked:.2f} | {(read + checked) / baseline:.1f} | {rejected:,} |"
    ]


def measure_store(repeat: int) -> list[str]:
    """The whole of ``dudao import`` into a round: the demo round's 2021 values as long CSV,
    stored over an emptied year (all new) and then again (all unchanged), beside a bare
    ``bulk_create`` of the same rows (no checks, no history, no audit)."""
    import os
    import subprocess

    dudao = str(Path(sys.executable).with_name("dudao"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DUDAO_DATA_DIR")}
    with tempfile.TemporaryDirectory(prefix="dudao-bench-") as folder:
        site = Path(folder) / "site"
        subprocess.run(
            [dudao, "demo", "--no-serve", "--data-dir", str(site)], check=True, env=env, capture_output=True
        )
        values = Path(folder) / "2021.csv"
        subprocess.run(
            [
                dudao,
                "export",
                "--round",
                "1",
                "--period",
                "2021",
                "--out",
                str(values),
                "--data-dir",
                str(site),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        rows = sum(1 for _ in values.open(encoding="utf-8-sig")) - 1
        script = (
            "import sys; from dudao import store; store.setup(data_dir=sys.argv[1]);"
            "from dudao.store.entry.models import DataValue;"
            "DataValue.objects.filter(round_id=1, period=2021).delete()"
        )
        subprocess.run([sys.executable, "-c", script, str(site)], check=True, env=env)
        timings = []
        for _ in range(2):
            started = time.perf_counter()
            subprocess.run(
                [dudao, "import", str(values), "--round", "1", "--data-dir", str(site)],
                check=True,
                env=env,
                capture_output=True,
            )
            timings.append(time.perf_counter() - started)
        subprocess.run([sys.executable, "-c", script, str(site)], check=True, env=env)
        bulk = (
            "import sys, pandas as pd; from dudao import store; store.setup(data_dir=sys.argv[1]);"
            "from dudao.store.entry.models import DataValue;"
            "f = pd.read_csv(sys.argv[2], dtype={'unit': str, 'element': str});"
            "DataValue.objects.bulk_create([DataValue(round_id=1, unit_id=u, element=e, period=p, value=v)"
            " for u, e, p, v in zip(f.unit, f.element, f.period, f.value)], batch_size=2000)"
        )
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", bulk, str(site), str(values)], check=True, env=env)
        baseline = time.perf_counter() - started
    return [
        f"| `dudao import` of the demo round's 2021 values ({rows:,} rows of long CSV) into SQLite, "
        "a new process | "
        f"{baseline:.1f} | {timings[0]:.1f} ({timings[0] / baseline:.1f}×) | "
        f"{timings[1]:.1f} ({timings[1] / baseline:.1f}×) |"
    ]


def measure_workbook(schools: int, repeat: int) -> list[str]:
    from python_calamine import CalamineWorkbook

    from dudao.data.workbook import read_workbook
    from workbook_fill import school_workbook

    scheme = read_scheme(bundled_scheme_path())
    with tempfile.TemporaryDirectory(prefix="dudao-bench-") as folder:
        started = time.perf_counter()
        path, cells, levels = school_workbook(scheme, schools, Path(folder))
        made = time.perf_counter() - started

        def raw() -> int:
            book = CalamineWorkbook.from_path(str(path))
            return sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)

        baseline = median_seconds(raw, repeat)
        read = median_seconds(lambda: read_workbook(path, scheme), repeat)
        batch = read_workbook(path, scheme)
        checked = median_seconds(lambda: check_batch(batch, scheme.elements, levels), repeat)
        problems = len(check_batch(batch, scheme.elements, levels).problems) + len(batch.problems)
        size = path.stat().st_size / 2**20
    return [
        f"| school workbook, {schools:,} rows × {cells // schools} columns = {cells:,} cells "
        f"({size:.0f} MiB; "
        f"filled with openpyxl in {made:.0f} s) | {baseline:.2f} | {read:.2f} | {checked:.2f} | "
        f"{read + checked:.2f} | {(read + checked) / baseline:.1f} | {problems:,} |"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--schools", type=int, default=50_000)
    args = parser.parse_args()
    rows = measure_csv(args.rows, args.repeat)
    rows += measure_workbook(args.schools, args.repeat)
    stored = measure_store(args.repeat)
    lines = [
        "## Importing at scale",
        "",
        f"`.venv/bin/python benchmarks/exchange.py --repeat {args.repeat} --rows {args.rows} "
        f"--schools {args.schools}` (median of {args.repeat}), on {machine()}. The CSV is a generated "
        "province's school and county values (`dudao synth --scale province`, both years) cut at "
        f"{args.rows:,} rows, checked against the elements of both bundled schemes; the problems found "
        "are real: generated values outside a scheme's ranges.",
        "",
        "- **baseline**: the floor under the import — `pandas.read_csv` of the file as text (CSV); "
        "python-calamine reading every sheet's raw cells (workbook).",
        "- **read**: dudao's reader — every cell parsed and each bad one located "
        "(line:column, or sheet!cell).",
        "- **check**: every row against the scheme and the units (unit, element, level, range, duplicates).",
        "",
        "| file | baseline (s) | read (s) | check (s) | read + check (s) | ÷ baseline | problems found |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *rows,
        "",
        "Storing in a round, in a new process each time, with every check, the value history and "
        "the audit entry:",
        "",
        "| import | baseline: pandas + Django `bulk_create`, no checks, no history (s) | all new (s) "
        "| the same file again, nothing changes (s) |",
        "|---|---:|---:|---:|",
        *stored,
    ]
    write_section("exchange", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
