"""Incremental re-scoring: a round kept scored while its data changes.

:class:`LiveRound` scores the whole round once (on any backend). When values change it
rebuilds the snapshot rows of the units that changed, re-scores only the evaluated units those
values belong to (with the reference evaluator: a district is a few dozen schools), puts their
rows back and re-ranks every unit. The results equal a full evaluation of the changed data.
Whoever keeps a copy of the data elsewhere (a snapshot folder on disk, see
:func:`dudao.data.snapshot.snapshot_writer`) learns of each change through ``on_change``.

>>> from dudao.samples import bundled_dataset, bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> from copy import deepcopy
>>> live = LiveRound(read_scheme(bundled_scheme_path()), deepcopy(bundled_dataset()), backend="python")
>>> before = live.results.unit("500105").total
>>> after = live.set_values([("500105", "edu_budget", 2021, 1.0)]).unit("500105").total
>>> after < before
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from dudao.engine.backends import backend_runner
from dudao.engine.backends.reference import evaluate_reference
from dudao.engine.dataset import Dataset, ValueChange
from dudao.engine.plan import build_plan
from dudao.engine.prepare import prepare, unranked_reasons
from dudao.engine.ranking import rank_rows
from dudao.engine.results import Results, assemble
from dudao.engine.schools import rows_from_dataset
from dudao.errors import DataError, Location, Problem, has_errors
from dudao.expr.ir import Type
from dudao.scheme.model import Scheme

ChangeListener = Callable[[Dataset, list[str]], None]
"""Told the dataset and the codes of the units whose values just changed."""


class LiveRound:
    """One scheme over one dataset, re-scored unit by unit as values change.

    ``on_change`` is called after each change with the dataset and the units it touched, before
    they are re-scored (to keep a copy in step, such as a snapshot folder). ``empty_period``: the
    period may have no values yet (a round that has just opened), see
    :func:`~dudao.engine.prepare.prepare`.
    """

    def __init__(
        self,
        scheme: Scheme,
        dataset: Dataset,
        *,
        period: int | None = None,
        backend: str = "duckdb",
        options: Mapping[str, str] | None = None,
        on_change: ChangeListener | None = None,
        empty_period: bool = False,
    ) -> None:
        self.plan = build_plan(scheme)
        self.dataset = dataset
        self.period = period or scheme.info.period
        self.backend = backend
        self.on_change = on_change
        self.empty_period = empty_period
        prepared, problems = prepare(self.plan, dataset, self.period, empty_period=empty_period)
        if has_errors(problems):
            raise DataError(problems, what=dataset.source or "dataset")
        self.problems = tuple(problems)
        self.rows = backend_runner(backend)(self.plan, prepared, **dict(options or {}))
        self._position = {str(row["unit"]): i for i, row in enumerate(self.rows)}
        self.results = self._assemble()

    def set_values(self, changes: Iterable[ValueChange]) -> Results:
        """Apply ``changes`` (unit, element, period, value) and return the new results.

        A yes/no element given another value than 1 / 0 / missing raises :class:`DataError`
        and changes nothing.
        """
        changes = list(changes)
        self._check(changes)
        touched = self.dataset.set_values(changes)
        if self.on_change is not None:
            self.on_change(self.dataset, sorted({unit for unit, _ in touched}))
        evaluates = self.plan.scheme.info.evaluates
        owners = self.dataset.ancestors_at([unit for unit, _ in touched], evaluates)
        affected = sorted({code for code in owners if code in self._position})
        if affected:
            prepared, problems = prepare(
                self.plan, self.dataset, self.period, only=affected, empty_period=self.empty_period
            )
            if has_errors(problems):
                raise DataError(problems, what=self.dataset.source or "dataset")
            for row in evaluate_reference(self.plan, prepared):
                self.rows[self._position[str(row["unit"])]] = row
            self._rerank()
        self.results = self._assemble()
        return self.results

    def set_unranked(self, unranked: Mapping[str, str]) -> Results:
        """Say again which units are not ranked and why (:attr:`Dataset.unranked`): a web round's
        entry statuses change without its values changing. Re-ranks; scores nothing again."""
        if dict(unranked) == dict(self.dataset.unranked):
            return self.results
        self.dataset = replace(self.dataset, unranked=dict(unranked))
        codes = [str(row["unit"]) for row in self.rows]
        reasons = unranked_reasons(self.dataset, self.period, self.plan.scheme.info.evaluates, codes)
        for row, reason in zip(self.rows, reasons, strict=True):
            row[self.plan.unranked] = reason
        self._rerank()
        self.results = self._assemble()
        return self.results

    def set_self_levels(self, levels: Mapping[tuple[str, str], str]) -> Results:
        """Say again which level each unit gave itself on each rubric item
        (:attr:`Dataset.self_levels`): explanations name it; scores nothing again."""
        if dict(levels) == dict(self.dataset.self_levels):
            return self.results
        self.dataset = replace(self.dataset, self_levels=dict(levels))
        self.results = self._assemble()
        return self.results

    def _check(self, changes: list[ValueChange]) -> None:
        scheme = self.plan.scheme
        problems = [
            Problem.of(
                "not-a-boolean",
                Location(self.dataset.source, field=element),
                variant="unit",
                element=element,
                unit=unit,
                period=period,
                value=f"{value:g}",
            )
            for unit, element, period, value in changes
            if value is not None
            and element in scheme.element_by_code
            and scheme.element_by_code[element].type is Type.BOOL
            and value not in (0.0, 1.0)
        ]
        if problems:
            raise DataError(problems, what=self.dataset.source or "dataset")

    def _rerank(self) -> None:
        rank_rows(self.plan, self.rows)

    def _assemble(self) -> Results:
        scheme = self.plan.scheme
        claims = {(c.unit, c.item): c.claimed for c in self.dataset.bonus if c.item in scheme.bonus_by_code}
        return assemble(
            self.plan,
            self.rows,
            self.backend,
            self.period,
            self.dataset.title,
            self.dataset.label,
            self.problems,
            claims,
            schools=rows_from_dataset(self.plan, self.dataset, self.period),
            self_levels=self.dataset.self_levels,
            self_counted=self.dataset.self_counted,
        )
