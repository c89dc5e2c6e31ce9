"""Storing an imported file's values in a round: all or nothing, or in part when asked.

An import is checked whole before anything is written: the batch's own problems (cells that
could not be read), the scheme (elements, levels, ranges), the round (units, periods, and for a
unit's own upload, the units it may enter and whether its entry is still open), and the
scheme's consistency checks on the values as they would be after the import. Without
``partial`` one error rejects the file and the database stays as it was; with ``partial`` the
clean rows are taken and the report lists what was left out and why.

A value equal to the stored one is not written again, so the same file imported twice changes
nothing the second time (no new history rows, no audit entry).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from dudao.data.records import ValueBatch, check_batch
from dudao.engine.checks import failed_checks
from dudao.errors import Problem, Severity, has_errors
from dudao.expr.ir import Level
from dudao.scheme.model import Scheme
from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action, record
from dudao.store.entry.models import DataValue
from dudao.store.rounds import engine
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round, RoundUnit, Status

HISTORY_YEARS = 10  # an office import may also fill this many earlier years (for trends and outliers)


@dataclass
class ImportReport:
    """What an import did, or would have done: counts, and every problem with its place."""

    source: str
    rows: int = 0  # values read from the file
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: tuple[Problem, ...] = ()
    applied: bool = False  # something was written (or there was nothing new to write)
    per_unit: dict[str, int] = field(default_factory=dict)  # unit → values taken

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def taken(self) -> int:
        return self.created + self.changed + self.unchanged


def import_batch(
    user: Any,
    round: Round,
    batch: ValueBatch,
    *,
    partial: bool = False,
    as_unit: Unit | None = None,
    address: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Check ``batch`` against the round and store it (see the module docstring).

    ``as_unit``: the upload comes from this unit's page, so it may only hold the unit's own
    values (and its schools') for the round's year, while its entry is open. ``dry_run``:
    everything but the write (the report says what would be stored).
    """
    scheme = scheme_of(round.scheme)
    report = ImportReport(batch.source, rows=len(batch.values) + len(batch.problems))
    levels = _unit_levels(round, as_unit)
    checked = check_batch(
        batch,
        scheme.elements,
        levels,
        periods=[round.period] if as_unit else range(round.period - HISTORY_YEARS, round.period + 1),
    )
    checked = _open_entries(round, checked, as_unit)
    checked = _consistent(round, scheme, checked, levels)
    report.problems = checked.problems
    if has_errors(checked.problems) and not partial:
        return report
    values = checked.values
    with transaction.atomic():
        created, changed, unchanged = _store(user, round, values)
        report.created, report.changed, report.unchanged = created, changed, unchanged
        report.per_unit = dict(Counter(values["unit"]))
        report.applied = True
        if dry_run:
            transaction.set_rollback(True)
        elif created or changed:
            record(
                user,
                Action.IMPORT,
                round=round,
                unit=as_unit,
                target=batch.source[-200:],
                address=address,
                after={
                    "created": created,
                    "changed": changed,
                    "unchanged": unchanged,
                    "rejected": len(report.errors),
                    "units": len(report.per_unit),
                },
            )
            _mark_started(round, set(values["unit"]))
    if (created or changed) and not dry_run:
        engine.forget(round)
    return report


def stored_values(round: Round) -> pd.DataFrame:
    """The round's stored values, long (unit, element, period, value; NaN: missing), for export."""
    rows = DataValue.objects.filter(round=round).values_list("unit_id", "element", "period", "value")
    frame = pd.DataFrame(list(rows), columns=["unit", "element", "period", "value"])
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    return frame


def export_counts(round: Round) -> dict[str, int]:
    """How many values :func:`stored_values` gives (``total``), and how many of them are empty
    (``empty``): a CSV or JSON export writes them all, an empty one as an empty cell or null."""
    return DataValue.objects.filter(round=round).aggregate(
        total=Count("pk"), empty=Count("pk", filter=Q(value__isnull=True))
    )


def _unit_levels(round: Round, as_unit: Unit | None) -> dict[str, str | None]:
    """Unit code → the level of elements it enters: the evaluated units and their schools."""
    root = as_unit or round.scope
    rows = Unit.objects.filter(path__startswith=root.path).values_list("code", "level")
    levels: dict[str, str | None] = {}
    for code, level in rows:
        if level == round.evaluates:
            levels[code] = Level.UNIT.value
        elif level == "school":
            levels[code] = Level.SCHOOL.value
    return levels


def _open_entries(round: Round, batch: ValueBatch, as_unit: Unit | None) -> ValueBatch:
    """A unit's own upload: refused while its entry is submitted, or once the round is closed."""
    if as_unit is None or batch.values.empty:
        return batch
    entry = RoundUnit.objects.filter(round=round, unit=as_unit).first()
    if round.is_open and entry is not None and entry.status != Status.SUBMITTED:
        return batch
    first = batch.values.iloc[0]
    problem = Problem.of(
        "entry-locked",
        batch.location(int(first["line"]), str(first["cell"]), "unit"),
        variant="" if round.is_open else "closed",
        count=len(batch.values),
    )
    return batch.with_problems(pd.Series(False, index=batch.values.index), [problem])


def _consistent(round: Round, scheme: Scheme, batch: ValueBatch, levels: dict[str, str | None]) -> ValueBatch:
    """The scheme's checks on each unit's year as it would be after the import; a unit whose
    values fail an error check is left out whole, at the row of the first value the check reads."""
    frame = batch.values
    if frame.empty or not scheme.checks:
        return batch
    mine = frame[frame["period"] == round.period]
    if mine.empty:
        return batch
    units = sorted(set(mine["unit"]))
    stored: dict[str, dict[str, float | None]] = {}
    for unit, element, value in DataValue.objects.filter(
        round=round, period=round.period, unit_id__in=units
    ).values_list("unit_id", "element", "value"):
        stored.setdefault(unit, {})[element] = value
    rows: dict[tuple[str, str], tuple[int, str]] = {}
    for unit, element, value, line, cell in zip(
        mine["unit"], mine["element"], mine["value"], mine["line"], mine["cell"], strict=True
    ):
        stored.setdefault(unit, {})[element] = None if math.isnan(value) else float(value)
        rows.setdefault((unit, element), (int(line), str(cell)))
    problems: list[Problem] = []
    rejected: set[str] = set()
    for unit in units:
        level = Level.SCHOOL if levels.get(unit) == Level.SCHOOL.value else Level.UNIT
        for failure in failed_checks(scheme, level, stored.get(unit, {})):
            error = failure.severity == "error"
            if error:
                rejected.add(unit)
            at = next((rows[(unit, e)] for e in failure.elements if (unit, e) in rows), None)
            line, cell = at or next(v for k, v in rows.items() if k[0] == unit)
            problems.append(
                Problem.of(
                    f"check-{failure.code}",
                    batch.location(line, cell, "value"),
                    variant="left-out" if error else "",
                    severity=Severity.ERROR if error else Severity.WARNING,
                    unit=unit,
                    check=failure.code,
                    message=failure.message,
                )
            )
    if not problems:
        return batch
    kept = ~(frame["unit"].isin(rejected) & (frame["period"] == round.period))
    return batch.with_problems(kept, problems)


def _store(user: Any, round: Round, values: pd.DataFrame) -> tuple[int, int, int]:
    if values.empty:
        return 0, 0, 0
    keys = values[["unit", "element", "period"]]
    stored = {
        (v.unit_id, v.element, v.period): v
        for v in DataValue.objects.select_for_update().filter(
            round=round,
            unit_id__in=sorted(set(keys["unit"])),
            element__in=sorted(set(keys["element"])),
            period__in=sorted({int(p) for p in keys["period"]}),
        )
    }
    fresh: list[DataValue] = []
    changed: list[DataValue] = []
    unchanged = 0
    now = timezone.now()
    numbers = values["value"].to_numpy()
    for unit, element, period, number in zip(
        values["unit"], values["element"], values["period"].astype(int), numbers, strict=True
    ):
        value = None if np.isnan(number) else float(number)
        current = stored.get((unit, element, period))
        if current is None:
            fresh.append(
                DataValue(
                    round=round,
                    unit_id=unit,
                    element=element,
                    period=period,
                    value=value,
                    updated_by=user,
                    updated_at=now,
                )
            )
        elif _same(current.value, value):
            unchanged += 1
        else:
            current.value, current.updated_by, current.updated_at = value, user, now
            changed.append(current)
    if fresh:
        bulk_create_with_history(fresh, DataValue, batch_size=2000, default_user=user)
    if changed:
        bulk_update_with_history(
            changed, DataValue, ["value", "updated_by", "updated_at"], batch_size=2000, default_user=user
        )
    return len(fresh), len(changed), unchanged


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


def _mark_started(round: Round, units: set[str]) -> None:
    RoundUnit.objects.filter(round=round, unit_id__in=units, status=Status.NOT_STARTED).update(
        status=Status.IN_PROGRESS, started_at=timezone.now()
    )
