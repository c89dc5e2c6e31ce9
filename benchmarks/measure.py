"""One measurement in a fresh process; prints a JSON line (with this process's peak memory).

    python benchmarks/measure.py dudao  --data DIR --scheme CODE [--backend duckdb] [--repeat 5]
    python benchmarks/measure.py pandas --data DIR --scheme CODE [--repeat 5]

``dudao``: read the snapshot, evaluate once (first run: compiling included, from the on-disk
SQL cache when it is warm), then evaluate again ``repeat`` times (warm).
``pandas``: the same prepared inputs through the pandas baseline, checked equal to dudao's
rows, and the memory-bandwidth floor: one numpy pass over the bytes the evaluation reads.
``pandas-long``: the pandas baseline as an analyst runs it on the data as it is collected,
long (unit, element, period, value): pivot to wide on every run, then the same formulas.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import median_seconds
from dudao.data import Dataset, read_dataset
from dudao.engine import evaluate
from dudao.engine.backends import backend_runner
from dudao.engine.plan import Plan, build_plan, input_column
from dudao.engine.prepare import Prepared, prepare
from dudao.samples import bundled_scheme_path
from dudao.scheme import read_scheme
from pandas_baseline import compare, evaluate_pandas


def peak_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def measure_dudao(args: argparse.Namespace) -> dict[str, object]:
    start = time.perf_counter()
    dataset = read_dataset(args.data)
    scheme = read_scheme(bundled_scheme_path(args.scheme))
    read = time.perf_counter() - start
    start = time.perf_counter()
    results = evaluate(scheme, dataset, backend=args.backend)
    first = time.perf_counter() - start
    warm = median_seconds(lambda: evaluate(scheme, dataset, backend=args.backend), args.repeat)
    return {
        "read": read,
        "first": first,
        "warm": warm,
        "units": len(results.units),
        "schools": int((dataset.unit_frame["level"] == "school").sum()),
        "peak_gib": peak_gib(),
    }


def floor_arrays(plan: Plan, prepared: Prepared) -> list[np.ndarray]:
    """The input columns the evaluation reads, as contiguous float64 arrays."""
    arrays = []
    for frame, inputs in ((prepared.schools, plan.school_inputs), (prepared.units, plan.unit_inputs)):
        for node in inputs:
            column = frame[input_column(node)]
            arrays.append(np.ascontiguousarray(column.to_numpy(dtype="float64", na_value=np.nan)))
    return arrays


def measure_pandas(args: argparse.Namespace) -> dict[str, object]:
    dataset = read_dataset(args.data)
    scheme = read_scheme(bundled_scheme_path(args.scheme))
    plan = build_plan(scheme)
    period = scheme.info.period

    def run_pandas() -> object:
        prepared, _ = prepare(plan, dataset, period)
        return evaluate_pandas(plan, prepared)

    run_pandas()
    warm = median_seconds(run_pandas, args.repeat)
    prepared, _ = prepare(plan, dataset, period)
    frame = evaluate_pandas(plan, prepared)
    rows = backend_runner("duckdb")(plan, prepared)
    mismatches = compare(plan, frame, rows)
    arrays = floor_arrays(plan, prepared)
    floor = median_seconds(lambda: [a.sum() for a in arrays], max(args.repeat, 5))
    return {
        "pandas_warm": warm,
        "equal": not mismatches,
        "mismatches": mismatches[:5],
        "floor": floor,
        "floor_bytes": sum(a.nbytes for a in arrays),
        "peak_gib": peak_gib(),
    }


def measure_pandas_long(args: argparse.Namespace) -> dict[str, object]:
    snapshot = read_dataset(args.data)
    scheme = read_scheme(bundled_scheme_path(args.scheme))
    plan = build_plan(scheme)
    pieces = []
    for period, level in snapshot.snapshot_keys():
        stacked = snapshot.wide(period, level).rename_axis(index="unit", columns="element").stack()
        pieces.append(stacked.rename("value").reset_index().assign(period=period))
    long = pd.concat(pieces, ignore_index=True)
    long["line"] = 0

    def run_pandas() -> object:
        dataset = Dataset(snapshot.units, long, source="long values")
        dataset.__dict__["unit_frame"] = snapshot.unit_frame  # the tree is not what is timed
        prepared, _ = prepare(plan, dataset, scheme.info.period)
        return evaluate_pandas(plan, prepared)

    run_pandas()
    return {"pandas_long_warm": median_seconds(run_pandas, args.repeat), "long_values": len(long)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("what", choices=["dudao", "pandas", "pandas-long"])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--scheme", default="cq-district-2022")
    parser.add_argument("--backend", default="duckdb")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    measures = {"dudao": measure_dudao, "pandas": measure_pandas, "pandas-long": measure_pandas_long}
    report = measures[args.what](args)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
