"""The dataset the engine evaluates: the units tree, values by period, reviews and bonus claims.

Values are held long (unit, element, period, value) as a pandas frame, as they are entered.
Evaluation never reads them long: it reads the **compute snapshot**, one wide frame per period
and unit level (one row per unit, one column per element, :meth:`Dataset.wide`). The snapshot
is pivoted once from the long values, or read as it is from Parquet by the exchange layer
(:mod:`dudao.data.snapshot`); when values change, :meth:`Dataset.set_values` rebuilds only
the rows of the units that changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import numpy as np
import pandas as pd

from dudao.errors import DataError, Location, Problem

SCHOOL_LEVEL = "school"
SINGLE_STAGE = {
    "kindergarten": "preschool",
    "primary": "primary",
    "junior": "junior",
    "senior": "senior",
}
MULTI_STAGE = ("nine_year", "complete_middle", "twelve_year")
SCHOOL_TYPES = (*SINGLE_STAGE, *MULTI_STAGE, "vocational", "special")


class Unit(NamedTuple):
    """A unit of the tree (a tuple, so that half a million schools load in a blink)."""

    code: str
    name: str
    parent: str
    level: str
    school_type: str = ""


UNIT_COLUMNS = ("code", "name", "parent", "level", "school_type")
ValueChange = tuple[str, str, int, float | None]  # unit, element, period, value (None: missing)


@dataclass(frozen=True)
class Review:
    """A reviewer's level for a rubric item (评审等级)."""

    unit: str
    item: str
    level: str
    reviewer: str = ""
    note: str = ""


# The reviewer named on a unit's self-assessed level when a preview counts it as a review.
SELF_ASSESSED = "自评"


@dataclass(frozen=True)
class BonusClaim:
    """A unit's bonus claim (申请加分) and the reviewers' decision (认定); None: undecided."""

    unit: str
    item: str
    claimed: float
    accepted: float | None
    note: str = ""


# Why an evaluated unit is not ranked (and is shown apart): (code, Chinese, English).
NOT_STARTED, NOT_SUBMITTED, NO_DATA = "not_started", "not_submitted", "no_data"
NOT_RANKED = {
    NOT_STARTED: ("未开始填报，不参与排名", "has not started: not ranked"),
    NOT_SUBMITTED: ("尚未提交，不参与排名", "has not submitted: not ranked"),
    NO_DATA: ("本期无数据，不参与排名", "has no data for the period: not ranked"),
}


@dataclass(frozen=True, eq=False)
class Dataset:
    """The units, their values and reviews; ``unranked`` says which evaluated units are not to be
    ranked and why (a key of :data:`NOT_RANKED`), as only whoever runs the round knows (a web
    round's entry statuses). A unit it does not name is ranked unless it has no data for the
    period (``no_data``, found by the engine)."""

    units: tuple[Unit, ...]
    values: pd.DataFrame  # columns: unit (str), element (str), period (int), value (float|NaN), line
    reviews: tuple[Review, ...] = ()
    bonus: tuple[BonusClaim, ...] = ()
    title: str = ""
    label: str = ""
    source: str = ""
    values_file: str = ""  # set when loaded from files: problems then give file:line
    unranked: Mapping[str, str] = field(default_factory=dict)  # unit code -> a key of NOT_RANKED
    # (unit, rubric item) -> the unit's self-assessed level 自评等级, shown in explanations only
    self_levels: Mapping[tuple[str, str], str] = field(default_factory=dict)
    # (unit, item) -> the office's final points (认定得分), counted instead of the computed points
    final_points: Mapping[tuple[str, str], float] = field(default_factory=dict)
    # The year the reviews, accepted bonus and final points judge (a round's period): evaluating
    # another year (last year's scores beside this year's) leaves them out. None: every year, for
    # a dataset folder whose reviews name no year.
    judged_period: int | None = None
    # The compute snapshot: (period, level) → one row per unit, one column per element.
    _wide_cache: dict[tuple[int, str], pd.DataFrame] = field(default_factory=dict, repr=False)
    _built: set[int] = field(default_factory=set, repr=False)  # periods whose snapshot is built
    _ancestors: dict[str, pd.Series] = field(default_factory=dict, repr=False)  # per level

    def __post_init__(self) -> None:
        unknown = sorted({why for why in self.unranked.values() if why not in NOT_RANKED})
        if unknown:
            raise ValueError(f"unknown reasons for not ranking {unknown}; known: {list(NOT_RANKED)}")

    @cached_property
    def unit_by_code(self) -> dict[str, Unit]:
        return {u.code: u for u in self.units}

    @cached_property
    def unit_frame(self) -> pd.DataFrame:
        """The units tree as a frame indexed by code: name, parent, level, school_type."""
        frame = pd.DataFrame(self.units, columns=list(UNIT_COLUMNS), dtype=object)
        return frame.set_index("code", drop=False)

    @property
    def self_counted(self) -> set[tuple[str, str]]:
        """The (unit, item) whose review is the unit's own level (:data:`SELF_ASSESSED`, a preview)."""
        return {(r.unit, r.item) for r in self.reviews if r.reviewer == SELF_ASSESSED}

    def units_at(self, level: str) -> list[Unit]:
        return [u for u in self.units if u.level == level]

    @cached_property
    def periods(self) -> tuple[int, ...]:
        found = {int(p) for p in self.values["period"].unique()} | {p for p, _ in self._wide_cache}
        return tuple(sorted(found))

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

    def ancestors_at(self, codes: Iterable[str], level: str) -> np.ndarray:
        """:meth:`ancestor_at` for many units at once (vectorised); "" where there is none.

        >>> from dudao.samples import bundled_dataset
        >>> bundled_dataset().ancestors_at(["5001050001", "500105", "500000"], "district").tolist()
        ['500105', '500105', '']
        """
        found = self._ancestor_map(level).reindex(pd.Index(list(codes), dtype=object)).fillna("")
        return np.asarray(found.to_numpy(dtype=object), dtype=object)

    def _ancestor_map(self, level: str) -> pd.Series:
        """Every unit's ancestor at ``level`` ("" for none), worked out once per level."""
        cached = self._ancestors.get(level)
        if cached is None:
            frame = self.unit_frame
            parent_of, level_of = frame["parent"], frame["level"]
            current = pd.Index(frame.index.to_numpy(dtype=object), dtype=object)
            found = np.full(len(current), "", dtype=object)
            for _ in range(64):  # deeper than any tree; a cycle ends here too
                at_level = (level_of.reindex(current) == level).to_numpy()
                take = at_level & (found == "")
                found[take] = current[take]
                current = pd.Index(parent_of.reindex(current).fillna("").to_numpy(), dtype=object)
                if not (current != "").any():
                    break
            cached = self._ancestors[level] = pd.Series(found, index=frame.index, dtype=object)
        return cached

    def values_location(self, line: int, column: int, field: str) -> Location:
        """Where a row of values came from: ``values.csv:line:col``, or the dataset's name."""
        if self.values_file:
            return Location(self.values_file, line, column, field=field)
        return Location(self.source, field=field)

    # -- the compute snapshot --------------------------------------------------------------------
    def wide(self, period: int, level: str) -> pd.DataFrame:
        """The snapshot of ``period`` for units at ``level``: a row per unit, a column per element.

        Built from the long values on first use (one pivot per period), then kept.
        """
        if period not in self._built:
            self._pivot(period)
        frame = self._wide_cache.get((period, level))
        return frame if frame is not None else pd.DataFrame(dtype="float64")

    def snapshot_keys(self) -> list[tuple[int, str]]:
        """Every (period, level) of the snapshot, building what is not built yet."""
        for period in self.periods:
            if period not in self._built:
                self._pivot(period)
        return sorted(self._wide_cache)

    def _pivot(self, period: int) -> None:
        self._built.add(period)
        rows = self.values[self.values["period"] == period]
        if rows.empty:
            return
        wide = rows.pivot(index="unit", columns="element", values="value")
        wide.columns.name = None
        wide.index.name = "unit"
        levels = self.unit_frame["level"].reindex(wide.index).fillna("")
        for level, part in wide.groupby(levels.to_numpy(), sort=True):
            self._wide_cache[(period, str(level))] = part.dropna(axis=1, how="all").astype("float64")

    def set_values(self, changes: Iterable[ValueChange]) -> set[tuple[str, int]]:
        """Change values in place and rebuild the snapshot rows of the units they belong to.

        Returns the (unit, period) pairs whose rows were rebuilt; the other rows are not touched.
        An unknown unit raises :class:`DataError` and changes nothing.
        """
        changes = list(changes)
        unknown = [c for c in changes if c[0] not in self.unit_by_code]
        if unknown:
            raise DataError(
                [
                    Problem.of(
                        "unknown-unit",
                        Location(self.source, field="unit"),
                        unit=unit,
                        among_zh="本数据集的单位表",
                        among_en="this dataset's units",
                    )
                    for unit, *_ in unknown
                ],
                what=self.source or "dataset",
            )
        snapshot_only = self.values.empty and bool(self._built)
        touched: set[tuple[str, int]] = set()
        for unit, element, period, value in changes:
            number = np.nan if value is None else float(value)
            touched.add((unit, int(period)))
            if snapshot_only:
                self._set_cell(unit, element, int(period), number)
            else:
                self._set_long(unit, element, int(period), number)
        if not snapshot_only:
            for unit, period in touched:
                self._rebuild_row(unit, period)
        self.__dict__.pop("periods", None)
        return touched

    def _set_long(self, unit: str, element: str, period: int, value: float) -> None:
        values = self.values
        where = (values["unit"] == unit) & (values["element"] == element) & (values["period"] == period)
        if where.any():
            values.loc[where, "value"] = value
        else:
            values.loc[(values.index.max() + 1) if len(values) else 0] = {
                "unit": unit,
                "element": element,
                "period": period,
                "value": value,
                "line": 0,
            }

    def _rebuild_row(self, unit: str, period: int) -> None:
        """Rebuild one unit's snapshot row from its long values."""
        if period not in self._built:
            return  # the period's snapshot is not built yet: its first read pivots the new values
        rows = self.values[(self.values["unit"] == unit) & (self.values["period"] == period)]
        row = rows.set_index("element")["value"]
        frame = self._level_frame(unit, period)
        for element in row.index.difference(frame.columns):
            frame[element] = np.nan
        frame.loc[unit] = row.reindex(frame.columns).to_numpy(dtype="float64")

    def _set_cell(self, unit: str, element: str, period: int, value: float) -> None:
        frame = self._level_frame(unit, period)
        if element not in frame.columns:
            frame[element] = np.nan
        frame.loc[unit, element] = value

    def _level_frame(self, unit: str, period: int) -> pd.DataFrame:
        key = (period, self.unit_by_code[unit].level)
        if key not in self._wide_cache:
            self._wide_cache[key] = pd.DataFrame(
                index=pd.Index([], dtype=object, name="unit"), dtype="float64"
            )
        self._built.add(period)
        return self._wide_cache[key]
