"""The pandas baseline of the benchmarks (benchmarks/pandas_baseline.py) computes the same
numbers as the reference evaluator, on the bundled round and on the generated hard cases."""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import pytest

from dudao.engine.backends.reference import evaluate_reference
from dudao.engine.plan import Plan, build_plan
from dudao.engine.prepare import prepare
from dudao.samples import BUNDLED_SCHEMES, bundled_dataset, bundled_scheme_path
from dudao.scheme import load_scheme_text, read_scheme
from tests.engine.equivalence import EVERYTHING, generated, ranked_by_total

ROOT = Path(__file__).resolve().parent.parent


def _load_baseline() -> ModuleType:
    path = ROOT / "benchmarks" / "pandas_baseline.py"
    spec = importlib.util.spec_from_file_location("pandas_baseline", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


baseline = _load_baseline()


@pytest.fixture(scope="module")
def everything_plan() -> Plan:
    scheme, problems = load_scheme_text(EVERYTHING, "everything.yaml")
    assert scheme is not None, [str(p) for p in problems]
    return build_plan(scheme)


@pytest.mark.parametrize("code", sorted(BUNDLED_SCHEMES))
def test_bundled_round_equals_the_reference(code: str) -> None:
    scheme = read_scheme(bundled_scheme_path(code))
    plan = build_plan(scheme)
    prepared, _ = prepare(plan, bundled_dataset(), scheme.info.period)
    frame = baseline.evaluate_pandas(plan, prepared)
    rows = evaluate_reference(plan, prepared)
    assert baseline.compare(plan, frame, rows) == []
    assert list(frame["unit"]) == list(prepared.units["unit"]) and len(frame) == 38
    assert frame[plan.total].notna().all() and frame[plan.total].nunique() > 10
    assert frame[plan.rank].min() == 1.0
    assert [n for n, _ in plan.unit_columns] == [c for c in frame.columns if c in dict(plan.unit_columns)]


@pytest.fixture(scope="module")
def by_total_plan() -> Plan:
    scheme, problems = load_scheme_text(ranked_by_total(EVERYTHING), "everything-by-total.yaml")
    assert scheme is not None and scheme.info.rank_by == "total", [str(p) for p in problems]
    return build_plan(scheme)


@pytest.mark.parametrize("seed", range(8))
def test_generated_hard_cases_equal_the_reference(everything_plan: Plan, seed: int) -> None:
    prepared, problems = prepare(everything_plan, generated(seed), 2021)
    assert not [p for p in problems if p.severity.value == "error"]
    frame = baseline.evaluate_pandas(everything_plan, prepared)
    rows = evaluate_reference(everything_plan, prepared)
    assert len(frame) == len(rows) == 13
    assert baseline.compare(everything_plan, frame, rows) == []
    assert frame[everything_plan.total].notna().any()
    unranked = prepared.units[everything_plan.unranked].to_numpy() != ""
    assert unranked.sum() == 2  # the unit that has not started and the one with no data
    assert frame[everything_plan.rank][unranked].isna().all()
    assert frame[everything_plan.rank][~unranked].notna().all()


@pytest.mark.parametrize("seed", range(4))
def test_ranking_by_total_equals_the_reference(by_total_plan: Plan, seed: int) -> None:
    prepared, _ = prepare(by_total_plan, generated(seed), 2021)
    frame = baseline.evaluate_pandas(by_total_plan, prepared)
    assert baseline.compare(by_total_plan, frame, evaluate_reference(by_total_plan, prepared)) == []
    ranked = frame[frame[by_total_plan.rank].notna()]
    best_first = ranked.sort_values(by_total_plan.rank)[by_total_plan.total]
    assert best_first.is_monotonic_decreasing  # by the total alone, whatever the grade


def test_a_better_grade_ranks_first_whatever_the_total(everything_plan: Plan) -> None:
    totals_out_of_order = 0
    for seed in range(8):
        prepared, _ = prepare(everything_plan, generated(seed), 2021)
        frame = baseline.evaluate_pandas(everything_plan, prepared)
        ranked = frame[frame[everything_plan.rank].notna()].sort_values(everything_plan.rank)
        assert ranked[everything_plan.grade].is_monotonic_increasing  # grade index 0 is the best
        totals_out_of_order += not ranked[everything_plan.total].is_monotonic_decreasing
    assert totals_out_of_order > 0  # a round rule put a unit below one with a lower total


def test_compare_reports_differences(everything_plan: Plan) -> None:
    prepared, _ = prepare(everything_plan, generated(0), 2021)
    frame = baseline.evaluate_pandas(everything_plan, prepared)
    rows = evaluate_reference(everything_plan, prepared)
    assert baseline.compare(everything_plan, frame, rows) == []
    total, rank = everything_plan.total, everything_plan.rank
    ranked = [i for i, row in enumerate(rows) if row[rank] is not None]
    unranked = [i for i, row in enumerate(rows) if row[rank] is None]
    first = str(rows[0]["unit"])
    rows[0] = {**rows[0], total: float(rows[0][total] or 0) + 1e-6}
    rows[ranked[0]] = {**rows[ranked[0]], rank: None}  # a ranked unit left unranked
    rows[unranked[0]] = {**rows[unranked[0]], rank: 1.0}  # an unranked unit given a rank
    found = baseline.compare(everything_plan, frame, rows)
    assert len(found) == 3 and found[0].startswith(f"{first} {total}:")
    assert f"{rows[ranked[0]]['unit']} {rank}: pandas" in "\n".join(found)
    assert f"{rows[unranked[0]]['unit']} {rank}: pandas None != reference 1.0" in found
    rows[0] = {**rows[0], total: float(frame[total].iloc[0]) * (1 + 1e-12)}
    assert len(baseline.compare(everything_plan, frame, rows)) == 2  # within the float tolerance
    assert (
        baseline.compare(everything_plan, frame.iloc[1:], rows)[0]
        == "12 rows in the pandas frame, 13 from the reference"
    )


def test_same_treats_every_missing_alike() -> None:
    assert baseline.same(baseline.python_value(math.nan), baseline.python_value(None))
    assert baseline.same(baseline.python_value(baseline.pd.NA), None)
    assert not baseline.same(True, 1.0) and not baseline.same(2.0, 2.000001) and not baseline.same(0.0, None)
    assert baseline.same(0.1 + 0.2, 0.3) and baseline.same(False, False)
