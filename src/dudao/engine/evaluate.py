"""The pipeline in one function: plan → prepare → backend → results.

``evaluate(scheme, dataset)`` builds the plan (cached per scheme version), binds the dataset
to it, runs a backend and assembles results with explanations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import cast

from dudao.engine.dataset import Dataset
from dudao.engine.plan import build_plan
from dudao.engine.prepare import prepare
from dudao.engine.results import Results, assemble
from dudao.errors import BackendError, DataError, has_errors
from dudao.expr.ir import Value
from dudao.scheme.model import Scheme

Rows = list[dict[str, Value]]
Backend = Callable[..., Rows]  # (plan, prepared, **options) -> one row per evaluated unit

# Backends are imported when first used, so a missing optional engine costs nothing.
BACKENDS: dict[str, str] = {
    "python": "dudao.engine.reference:evaluate_reference",
    "duckdb": "dudao.engine.ibis_backend:evaluate_duckdb",
    "postgres": "dudao.engine.postgres_backend:evaluate_postgres",
    "spark": "dudao.engine.spark_backend:evaluate_spark",
}


def backend_runner(name: str) -> Backend:
    """The function that runs backend ``name``; :class:`BackendError` names the choices."""
    target = BACKENDS.get(name)
    if target is None:
        raise BackendError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
    module, function = target.split(":")
    return cast(Backend, getattr(import_module(module), function))


def backend_unavailable(name: str, options: Mapping[str, str] | None = None) -> str | None:
    """Why backend ``name`` cannot run here (a missing package or service), or None."""
    if name not in BACKENDS:
        raise BackendError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
    module_name = BACKENDS[name].split(":")[0]
    try:
        module = import_module(module_name)
    except ImportError as error:
        return f"cannot import {module_name}: {error}"
    check = getattr(module, "unavailable", None)
    return None if check is None else cast(str | None, check(**dict(options or {})))


def evaluate(
    scheme: Scheme,
    dataset: Dataset,
    *,
    period: int | None = None,
    backend: str = "duckdb",
    options: Mapping[str, str] | None = None,
    empty_period: bool = False,
) -> Results:
    """Evaluate ``scheme`` over ``dataset``; raise :class:`DataError` if the data has errors.

    ``options`` go to the backend (for example a database URL or a cluster address).
    ``empty_period``: a period without values scores as all missing instead of being refused
    (see :func:`~dudao.engine.prepare.prepare`).
    """
    runner = backend_runner(backend)
    plan = build_plan(scheme)
    year = period or scheme.info.period
    prepared, problems = prepare(plan, dataset, year, empty_period=empty_period)
    if has_errors(problems):
        raise DataError(problems, what=dataset.source or "dataset")
    rows = runner(plan, prepared, **dict(options or {}))
    claims = {(c.unit, c.item): c.claimed for c in dataset.bonus if c.item in scheme.bonus_by_code}
    return assemble(plan, rows, backend, year, dataset.title, dataset.label, tuple(problems), claims)
