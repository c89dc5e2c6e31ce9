"""The reference and DuckDB backends give identical results (exact on integers, 1e-9 on floats)."""

from __future__ import annotations

import pytest

from dudao.engine.backends import backend_runner
from dudao.engine.backends.reference import evaluate_reference
from dudao.engine.plan import build_plan
from dudao.engine.prepare import prepare
from dudao.scheme import load_scheme_text
from tests.engine.equivalence import EVERYTHING, differences, generated, ranked_by_total


@pytest.fixture(scope="module")
def everything_plan():  # type: ignore[no-untyped-def]
    scheme, problems = load_scheme_text(EVERYTHING, "everything.yaml")
    assert scheme is not None, [str(p) for p in problems]
    return build_plan(scheme)


@pytest.mark.parametrize("seed", range(8))
def test_backends_agree_on_generated_data(everything_plan, compiled_backend: str, seed: int) -> None:  # type: ignore[no-untyped-def]
    prepared, problems = prepare(everything_plan, generated(seed), 2021)
    assert not [p for p in problems if p.severity.value == "error"]
    reference = evaluate_reference(everything_plan, prepared)
    compiled = backend_runner(compiled_backend)(everything_plan, prepared)
    assert len(reference) == len(compiled) == 13
    assert differences(everything_plan, reference, compiled) == []


@pytest.mark.parametrize("seed", range(3))
def test_backends_agree_ranking_by_total(compiled_backend: str, seed: int) -> None:
    scheme, problems = load_scheme_text(ranked_by_total(EVERYTHING), "by-total.yaml")
    assert scheme is not None and scheme.info.rank_by == "total", [str(p) for p in problems]
    plan = build_plan(scheme)
    prepared, _ = prepare(plan, generated(seed), 2021)
    reference = evaluate_reference(plan, prepared)
    assert differences(plan, reference, backend_runner(compiled_backend)(plan, prepared)) == []


def test_generated_data_has_the_hard_cases(everything_plan) -> None:  # type: ignore[no-untyped-def]
    prepared, _ = prepare(everything_plan, generated(0), 2021)
    rows = evaluate_reference(everything_plan, prepared)
    values = [v for r in rows for k, v in r.items() if k.startswith(("i__", "agg__"))]
    assert None in values and 0.0 in values
    twins = [r for r in rows if r["unit"] in ("500110", "500111")]
    assert twins[0]["total"] == twins[1]["total"] and twins[0]["rank"] == twins[1]["rank"]
    assert any(r["in__a__m1"] is None for r in rows)  # missing previous periods
    unranked = {r["unit"]: r["unranked"] for r in rows if r["rank"] is None}
    assert sorted(unranked.values()) == ["no_data", "not_started"]
    assert {r["b__J3"] for r in rows} >= {0.0, 0.8}  # computed bonus: nothing, and capped
    assert len({r["grade_index"] for r in rows}) >= 3
    fired = {
        rule: sum(bool(r[f"rule__{rule}"]) for r in rows) for rule in ("R1", "R2", "R3", "R4", "R5", "R6")
    }
    assert all(fired.values()), fired
