"""A dataset: the units tree (units → schools), data values by period, reviews and bonus claims.

Values are held long (unit, element, period, value) as a pandas frame; evaluation reads
wide per-period snapshots built from it (:meth:`Dataset.wide`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from dudao.errors import Location

SCHOOL_LEVEL = "school"
SINGLE_STAGE = {
    "kindergarten": "preschool",
    "primary": "primary",
    "junior": "junior",
    "senior": "senior",
}
MULTI_STAGE = ("nine_year", "complete_middle", "twelve_year")
SCHOOL_TYPES = (*SINGLE_STAGE, *MULTI_STAGE, "vocational", "special")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    parent: str
    level: str
    school_type: str = ""


@dataclass(frozen=True)
class Review:
    """A reviewer's level for a rubric item (评审等级)."""

    unit: str
    item: str
    level: str
    reviewer: str = ""
    note: str = ""


@dataclass(frozen=True)
class BonusClaim:
    """A unit's bonus claim (申请加分) and the reviewers' decision (认定); None: undecided."""

    unit: str
    item: str
    claimed: float
    accepted: float | None
    note: str = ""


@dataclass(frozen=True, eq=False)
class Dataset:
    units: tuple[Unit, ...]
    values: pd.DataFrame  # columns: unit (str), element (str), period (int), value (float|NaN)
    reviews: tuple[Review, ...] = ()
    bonus: tuple[BonusClaim, ...] = ()
    title: str = ""
    label: str = ""
    source: str = ""
    values_file: str = ""  # set when loaded from files: problems then give file:line
    _wide_cache: dict[int, pd.DataFrame] = field(default_factory=dict, repr=False)

    @cached_property
    def unit_by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    def units_at(self, level: str) -> list[Unit]:
        return [u for u in self.units if u.level == level]

    @cached_property
    def periods(self) -> tuple[int, ...]:
        return tuple(sorted(int(p) for p in self.values["period"].unique()))

    def ancestor_at(self, code: str, level: str) -> str | None:
        """The code of the nearest ancestor (or the unit itself) at ``level``."""
        seen: set[str] = set()
        current = self.unit_by_code.get(code)
        while current is not None and current.code not in seen:
            if current.level == level:
                return current.code
            seen.add(current.code)
            current = self.unit_by_code.get(current.parent)
        return None

    def values_location(self, line: int, column: int, field: str) -> Location:
        """Where a row of values came from: ``values.csv:line:col``, or the dataset's name."""
        if self.values_file:
            return Location(self.values_file, line, column, field=field)
        return Location(self.source, field=field)

    def wide(self, period: int) -> pd.DataFrame:
        """One row per unit, one column per element, for ``period`` (a compute snapshot)."""
        cached = self._wide_cache.get(period)
        if cached is None:
            rows = self.values[self.values["period"] == period]
            cached = rows.pivot(index="unit", columns="element", values="value")
            cached.columns.name = None
            self._wide_cache[period] = cached
        return cached
