"""The pipeline in one function: plan → prepare → backend → results.

``evaluate(scheme, dataset)`` builds the plan (cached per scheme version), binds the dataset
to it, runs a backend and assembles results with explanations.
"""

from __future__ import annotations

from collections.abc import Mapping

from dudao.engine.backends import backend_runner
from dudao.engine.dataset import Dataset
from dudao.engine.plan import build_plan
from dudao.engine.prepare import prepare
from dudao.engine.results import Results, assemble
from dudao.engine.schools import rows_from_frame
from dudao.errors import DataError, has_errors
from dudao.scheme.model import Scheme


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
    return assemble(
        plan,
        rows,
        backend,
        year,
        dataset.title,
        dataset.label,
        tuple(problems),
        claims,
        schools=rows_from_frame(plan, prepared.schools, dataset),
        self_levels=dataset.self_levels,
        self_counted=dataset.self_counted,
    )
