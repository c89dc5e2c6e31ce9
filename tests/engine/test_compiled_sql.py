"""Golden files pin formula → compiled SQL (DuckDB dialect).

Regenerate after an intended change with ``DUDAO_UPDATE_GOLDEN=1 pytest tests/engine``.
"""

from __future__ import annotations

import ibis

from dudao.engine.backends.duckdb import compiled_sql, to_sql
from dudao.engine.plan import build_plan, input_column
from dudao.engine.prepare import prepare
from dudao.engine.sql.compile import compile_aggregate, compile_node
from dudao.expr import ir
from dudao.scheme import load_scheme_text
from tests.engine.equivalence import EVERYTHING, generated
from tests.helpers import UPDATE, make_scheme, read_golden, write_golden

FORMULAS = [
    "a / b * 100",
    "growth(a)",
    "pp_change(a / b * 100)",
    "prev(a) + 1",
    "if(flag, a, b)",
    "min(a, b) + max(a, b, 0)",
    "round(a, 2) + floor(b) - ceil(a) + abs(b)",
    "coalesce(a, b, 0)",
    "is_missing(a) or flag and not flag",
    "count_true(a > 1, b > 1, flag)",
    "a >= 85 and b != 0",
    "sum(pupils)",
    "avg(books / pupils)",
    'count_if(books / pupils >= 2, where = stage == "primary")',
    "share_if(ok)",
    "cv(books / pupils, pupils)",
    "min(books) + max(pupils)",
    "count(books)",
]


def sql_of(formula: str) -> str:
    scheme = make_scheme(indicators=f"  - {{code: x, name: 测试指标, formula: '{formula}'}}")
    plan = build_plan(scheme)
    node = dict(plan.unit_columns)["i__x"]
    unit_columns = {input_column(i): _dtype(i.type) for i in plan.unit_inputs}
    units = ibis.table(
        {"unit": "string", **unit_columns, **{name: "float64" for name, _ in plan.aggregates}},
        name="units",
    )
    parts = [to_sql(units.select(value=compile_node(node, units)))]
    if plan.aggregates:
        school_columns = {input_column(i): _dtype(i.type) for i in plan.school_inputs}
        schools = ibis.table(
            {"unit": "string", "stage": "string", "school_type": "string", **school_columns},
            name="schools",
        )
        for name, aggregate in plan.aggregates:
            if aggregate.function == "cv":
                continue  # two passes; pinned by the whole-plan golden file
            expr = schools.group_by("unit").aggregate(**{name: compile_aggregate(aggregate, schools)})
            parts.append(to_sql(expr))
    return "\n".join(str(p).strip() for p in parts)


def _dtype(kind: ir.Type) -> str:
    return {"number": "float64", "bool": "boolean", "text": "string"}[kind.value]


def test_formula_sql_is_pinned() -> None:
    cases = [(formula, sql_of(formula)) for formula in FORMULAS]
    if UPDATE:
        write_golden("formula_sql.txt", cases)
    assert cases == read_golden("formula_sql.txt")


def test_whole_plan_sql_is_pinned() -> None:
    scheme, _ = load_scheme_text(EVERYTHING, "everything.yaml")
    assert scheme is not None
    plan = build_plan(scheme)
    prepared, _ = prepare(plan, generated(0), 2021)
    sql = compiled_sql(plan, prepared)
    assert "NULLIF" in sql and "RANK() OVER" in sql
    if UPDATE:
        write_golden("everything_plan_sql.txt", [("everything", sql)])
    assert [("everything", sql)] == read_golden("everything_plan_sql.txt")
