"""A plain pandas evaluation of a scoring plan: the baseline an analyst would write.

This is what a data analyst would reasonably write by hand with pandas, and it serves as a
performance baseline in the benchmarks. It computes the same plan as the reference evaluator
(:mod:`dudao.engine.backends.reference`), but a column at a time instead of a row at a time:

1. every school column is a vectorised expression over the schools frame;
2. every aggregate is a ``groupby("unit")`` over the schools that pass its ``where`` filter;
3. every unit column is a vectorised expression over the units frame;
4. the rank is the position within each ``parent`` once sorted by grade then total (or by
   total, as the scheme's ``rank_by`` says), ties sharing the best; units the dataset marks
   as not ranked get none.

Values are plain pandas Series: numbers are ``float64`` with NaN for missing, yes/no values
use the nullable ``boolean`` dtype (whose ``&`` / ``|`` are already three-valued, like the
formula language), and text uses the ``string`` dtype.

    .venv/bin/python benchmarks/pandas_baseline.py --scheme cq-district-2022
    .venv/bin/python benchmarks/pandas_baseline.py --schools 500000 --skip-reference

Known, deliberate differences from the reference (none arise with real data): sums and means
use pandas' compensated (Kahan) summation where the reference uses ``math.fsum``, so they may
differ in the last bit; and a NaN produced by arithmetic (``inf - inf``) counts as missing.
"""

from __future__ import annotations

import argparse
import math
import operator
import time
from collections.abc import Callable, Mapping, Sequence
from functools import reduce
from typing import Any

import numpy as np
import pandas as pd

from dudao.engine.backends.reference import evaluate_reference
from dudao.engine.plan import Plan, build_plan, input_column
from dudao.engine.prepare import Prepared, prepare
from dudao.expr import ir
from dudao.expr.ir import Type, Value
from dudao.samples import DEFAULT_SCHEME, bundled_dataset, bundled_scheme_path, to_dataset
from dudao.samples.generate import generate_province
from dudao.scheme import read_scheme

# How each formula type is held in a pandas Series.
DTYPES = {Type.NUMBER: "float64", Type.BOOL: "boolean", Type.TEXT: "string"}

COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}


def evaluate_pandas(plan: Plan, prepared: Prepared) -> pd.DataFrame:
    """One row per evaluated unit (in the order of ``prepared.units``): ``unit``, ``parent``,
    ``name``, then every aggregate, every unit column and the rank."""
    schools = prepared.schools.reset_index(drop=True)
    units = prepared.units.reset_index(drop=True)

    # 1. School columns, over the schools frame.
    school_values: dict[str, pd.Series] = {name: schools[name] for name in schools.columns}
    for name, node in plan.school_columns:
        school_values[name] = evaluate_node(node, school_values, schools.index)

    # 2. Aggregates: school values rolled up to each unit.
    unit_values: dict[str, pd.Series] = {name: units[name] for name in units.columns}
    for name, aggregate in plan.aggregates:
        by_unit = evaluate_aggregate(aggregate, school_values, schools["unit"].astype(object))
        if aggregate.function in ("count", "count_if"):  # no school counted: 0, not missing
            by_unit = by_unit.reindex(units["unit"].astype(object), fill_value=0.0)
        else:
            by_unit = by_unit.reindex(units["unit"].astype(object))
        unit_values[name] = pd.Series(by_unit.to_numpy(dtype="float64"), index=units.index)

    # 3. Unit columns: indicators, item points, totals, round rules, grade.
    for name, node in plan.unit_columns:
        unit_values[name] = evaluate_node(node, unit_values, units.index)

    # 4. Rank within the parent, by grade then total or by total; the unranked get none.
    unit_values[plan.rank] = rank_within_parent(plan, unit_values, units)

    names = ["unit", "parent", "name", *(n for n, _ in plan.aggregates), *(n for n, _ in plan.unit_columns)]
    return pd.DataFrame({name: unit_values[name] for name in [*names, plan.rank]}, index=units.index)


def rank_within_parent(plan: Plan, values: Mapping[str, pd.Series], units: pd.DataFrame) -> pd.Series:
    """The rank of every unit within its parent, ties sharing the best rank ("1224"): by the
    scheme's ``rank_by``, ``grade`` (the best grade first, then the higher total) or ``total``.
    A missing total or grade ranks below every other; a unit the dataset marks as not ranked
    (its ``unranked`` reason is not empty) gets no rank (NaN)."""
    reason = units[plan.unranked] if plan.unranked in units else pd.Series("", index=units.index)
    ranked = reason.fillna("").astype(str) == ""
    keys = pd.DataFrame(
        {
            "parent": units["parent"].astype(object).map(str),
            "total": values[plan.total].astype("float64").fillna(-np.inf),
        },
        index=units.index,
    )
    order = ["total"]
    if plan.scheme.info.rank_by != "total":  # a lower grade index is a better grade
        keys["grade"] = -values[plan.grade].astype("float64").fillna(np.inf)
        order = ["grade", "total"]
    keys = keys[ranked].sort_values(["parent", *order], ascending=False, kind="stable")
    position = keys.groupby("parent", sort=False).cumcount() + 1.0
    best = position.groupby([keys["parent"], *(keys[k] for k in order)], sort=False).transform("min")
    return best.reindex(units.index).astype("float64")


# --- Scalar expressions -----------------------------------------------------------------------


def evaluate_node(node: ir.Node, values: Mapping[str, pd.Series], index: pd.Index) -> pd.Series:
    """Evaluate an IR node over every row at once; ``values`` are the columns known so far."""
    match node:
        case ir.Const(value=value, type=kind):
            return constant(value, kind, index)
        case ir.Input(type=kind):
            return read(values, input_column(node), kind, index)
        case ir.Attribute(name=name, type=kind) | ir.Column(name=name, type=kind):
            return read(values, name, kind, index)
        case ir.Op(name=name, args=args):
            return apply_op(name, [evaluate_node(a, values, index) for a in args], args, index)
        case ir.IndicatorRef() | ir.Aggregate():
            raise AssertionError(f"{node!r} must be resolved by the planner")
    raise AssertionError(f"unknown IR node {node!r}")


def constant(value: Value, kind: Type, index: pd.Index) -> pd.Series:
    return pd.Series(pd.NA if value is None else value, index=index, dtype=DTYPES[kind])


def read(values: Mapping[str, pd.Series], name: str, kind: Type, index: pd.Index) -> pd.Series:
    """A known column; like ``row.get`` in the reference, an unknown one is all missing."""
    return values[name] if name in values else constant(None, kind, index)


def apply_op(name: str, args: list[pd.Series], nodes: Sequence[ir.Node], index: pd.Index) -> pd.Series:
    """One scalar operation on whole columns; a missing argument gives a missing result,
    except for ``and``, ``or``, ``coalesce``, ``is_missing`` and the branches of ``if``."""
    if name in COMPARISONS:
        a, b = args
        return COMPARISONS[name](a, b).astype("boolean").mask(a.isna() | b.isna())
    match name, args:
        case "add", [a, b]:
            return a + b
        case "sub", [a, b]:
            return a - b
        case "mul", [a, b]:
            return a * b
        case "div", [a, b]:
            return (a / b).mask(b == 0)  # division by zero gives missing
        case "neg", [a]:
            return -a
        case "and", _:
            return reduce(operator.and_, [a.astype("boolean") for a in args])  # three-valued
        case "or", _:
            return reduce(operator.or_, [a.astype("boolean") for a in args])  # three-valued
        case "not", [a]:
            return ~a.astype("boolean")
        case "if", [condition, then, otherwise]:
            chosen = then.where(condition.fillna(False).astype(bool), otherwise)
            return chosen.mask(condition.isna())  # a missing condition gives missing
        case "min", _:
            return reduce(np.minimum, args)  # NaN propagates: any missing gives missing
        case "max", _:
            return reduce(np.maximum, args)
        case "abs", [a]:
            return a.abs()
        case "round", [a]:
            return round_half_away(a, 0)
        case "round", [a, _]:
            digits = nodes[1]
            assert isinstance(digits, ir.Const) and isinstance(digits.value, float), "digits are a constant"
            return round_half_away(a, int(digits.value))
        case "floor", [a]:
            return np.floor(a)
        case "ceil", [a]:
            return np.ceil(a)
        case "coalesce", _:
            return reduce(lambda first, other: first.where(first.notna(), other), args)
        case "is_missing", [a]:
            return a.isna().astype("boolean")
        case "count_true", _:
            count = sum((a.fillna(False).astype("float64") for a in args), constant(0.0, Type.NUMBER, index))
            return count.mask(reduce(operator.or_, [a.isna() for a in args]))
    raise AssertionError(f"unknown operation {name} with {len(args)} arguments")


def round_half_away(x: pd.Series, digits: int) -> pd.Series:
    """Round half away from zero, step by step as :func:`dudao.engine.semantics.round_half_away`."""
    scale = 10.0**digits
    y = x * scale
    whole = np.trunc(y)
    whole = whole + np.where((y - whole).abs() >= 0.5, np.copysign(1.0, y), 0.0)
    return (whole / scale).where(np.isfinite(y), x)


# --- Aggregates -------------------------------------------------------------------------------


def evaluate_aggregate(node: ir.Aggregate, values: Mapping[str, pd.Series], unit: pd.Series) -> pd.Series:
    """One value per unit code; units without a selected school are left out."""
    index = unit.index
    args = [evaluate_node(a, values, index) for a in node.args]
    selected = pd.Series(True, index=index)
    if node.where is not None:  # only schools where the filter is true (not missing)
        selected = evaluate_node(node.where, values, index).fillna(False).astype(bool)
    unit = unit[selected]
    first = args[0][selected]
    match node.function:
        case "sum":
            return first.groupby(unit).sum(min_count=1)
        case "avg":
            return first.groupby(unit).mean()
        case "min":
            return first.groupby(unit).min()
        case "max":
            return first.groupby(unit).max()
        case "count":
            return first.notna().groupby(unit).sum().astype("float64")
        case "count_if":
            return first.fillna(False).astype("float64").groupby(unit).sum()
        case "share_if":
            present = first.notna().groupby(unit).sum()
            true = first.fillna(False).astype("float64").groupby(unit).sum()
            return (100.0 * true / present).where(present > 0)
        case "cv":
            return weighted_cv(first, args[1][selected], unit)
    raise AssertionError(f"unknown aggregate {node.function}")


def weighted_cv(x: pd.Series, w: pd.Series, unit: pd.Series) -> pd.Series:
    """Pupil-weighted coefficient of variation, population standard deviation, per unit:
    √(Σ wᵢ/W · (xᵢ − m)²) ÷ m with m = Σ wᵢxᵢ / W; missing when W or m is 0."""
    complete = x.notna() & w.notna()
    x, w, unit = x[complete], w[complete], unit[complete]
    total_weight = w.groupby(unit).sum()
    mean = (w * x).groupby(unit).sum() / total_weight
    deviation = x - unit.map(mean)
    variance = (w * deviation**2).groupby(unit).sum() / total_weight
    return (np.sqrt(variance) / mean).where((total_weight != 0) & (mean != 0))


# --- Comparing with the reference -------------------------------------------------------------


def compare(plan: Plan, frame: pd.DataFrame, rows: Sequence[Mapping[str, Value]]) -> list[str]:
    """Every value on which ``frame`` differs from the reference ``rows``: exact on integers,
    booleans and text, 1e-9 relative on other numbers (1e-12 absolute near zero); missing
    values (None, NaN, NA) are all equal."""
    names = [n for n, _ in plan.aggregates] + [n for n, _ in plan.unit_columns] + [plan.rank]
    found: list[str] = []
    if len(frame) != len(rows):
        found.append(f"{len(frame)} rows in the pandas frame, {len(rows)} from the reference")
    expected = {str(row["unit"]): row for row in rows}
    for record in frame.astype(object).to_dict("records"):
        row = expected.get(str(record["unit"]))
        if row is None:
            found.append(f"{record['unit']}: not in the reference results")
            continue
        for name in names:
            ours, theirs = python_value(record.get(name)), python_value(row.get(name))
            if not same(ours, theirs):
                found.append(f"{record['unit']} {name}: pandas {ours!r} != reference {theirs!r}")
    return found


def python_value(value: object) -> Value:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value)
    return str(value)


def same(a: Value, b: Value) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    x, y = float(a), float(b)
    if x.is_integer() and y.is_integer():
        return x == y
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


# --- Command line -----------------------------------------------------------------------------


def best_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scheme", default=DEFAULT_SCHEME, help="a bundled scheme code")
    parser.add_argument("--schools", type=int, help="a generated province of this many schools")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (the best is shown)")
    parser.add_argument("--skip-reference", action="store_true", help="do not run the reference")
    args = parser.parse_args()

    scheme = read_scheme(bundled_scheme_path(args.scheme))
    if args.schools:
        dataset = to_dataset(generate_province(n_schools=args.schools), source="generated province")
    else:
        dataset = bundled_dataset()
    plan = build_plan(scheme)
    prepared, _ = prepare(plan, dataset, scheme.info.period)
    print(f"{args.scheme}: {len(prepared.units)} units, {len(prepared.schools)} school rows")

    frame = evaluate_pandas(plan, prepared)
    seconds = best_seconds(lambda: evaluate_pandas(plan, prepared), args.repeat)
    print(f"pandas baseline: {seconds:.4f} s")
    if args.skip_reference:
        return
    rows = evaluate_reference(plan, prepared)
    reference = best_seconds(lambda: evaluate_reference(plan, prepared), args.repeat)
    print(f"reference:       {reference:.4f} s ({reference / seconds:.1f}× the pandas time)")
    mismatches = compare(plan, frame, rows)
    print("equal to the reference" if not mismatches else f"{len(mismatches)} mismatches:")
    for line in mismatches[:20]:
        print(f"  {line}")
    if mismatches:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
