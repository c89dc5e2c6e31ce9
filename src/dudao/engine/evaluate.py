"""The pipeline in one function: plan → prepare → backend → results.

``evaluate(scheme, dataset)`` builds the plan (cached per scheme version), binds the dataset
to it, runs a backend and assembles results with explanations.
"""

from __future__ import annotations

from collections.abc import Callable

from dudao.data.dataset import Dataset
from dudao.engine.ibis_backend import evaluate_duckdb
from dudao.engine.plan import Plan, build_plan
from dudao.engine.prepare import Prepared, prepare
from dudao.engine.reference import evaluate_reference
from dudao.engine.results import Results, assemble
from dudao.errors import BackendError, DataError, has_errors
from dudao.expr.ir import Value
from dudao.scheme.model import Scheme

Backend = Callable[[Plan, Prepared], list[dict[str, Value]]]
BACKENDS: dict[str, Backend] = {"python": evaluate_reference, "duckdb": evaluate_duckdb}


def evaluate(
    scheme: Scheme, dataset: Dataset, *, period: int | None = None, backend: str = "duckdb"
) -> Results:
    """Evaluate ``scheme`` over ``dataset``; raise :class:`DataError` if the data has errors."""
    runner = BACKENDS.get(backend)
    if runner is None:
        raise BackendError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    plan = build_plan(scheme)
    year = period or scheme.info.period
    prepared, problems = prepare(plan, dataset, year)
    if has_errors(problems):
        raise DataError(problems, what=dataset.source or "dataset")
    rows = runner(plan, prepared)
    claims = {(c.unit, c.item): c.claimed for c in dataset.bonus if c.item in scheme.bonus_by_code}
    return assemble(plan, rows, backend, year, dataset.title, dataset.label, tuple(problems), claims)
