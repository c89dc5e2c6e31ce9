"""Completeness 完整性: the share of expected values that are present, per unit and per area.

Which values are expected of a unit:

- a school: the school elements that at least ``expected_share`` (half) of the schools of its
  type report in the period. A scheme does not say which school types report what (a
  kindergarten has no 小学在校生数), so the schools of a type say it together;
- a unit at the scheme's evaluated level (a district): every unit element;
- any other unit (the city): nothing.

A value is present when it is there and not empty. The area 一级指标 of an element is the one
whose items read it (:func:`dudao.scheme.groups.element_groups`); elements read only by round
rules, or by nothing, form the group ``rules`` (否决、降等情形及其他).

>>> from dudao.samples import bundled_dataset, bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> result = completeness(QualityInput(read_scheme(bundled_scheme_path()), bundled_dataset(), 2021))
>>> whole = result.row("", "")  # every unit, every area
>>> whole.expected > 30_000, 0.97 < whole.share < 1.0
(True, True)
>>> result.row("500105", "").share  # Jiangbei is complete
1.0
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from dudao.data.quality.inputs import QualityInput
from dudao.engine.dataset import SCHOOL_LEVEL
from dudao.expr.ir import Level
from dudao.scheme.groups import element_groups

ALL = ""  # the unit or area of a row that counts every unit, or every area


@dataclass(frozen=True)
class Completeness:
    """Expected and present values of a unit (``ALL``: every unit) in an area (``ALL``: every area)."""

    unit: str
    area: str
    expected: int
    present: int

    @property
    def share(self) -> float:
        """present / expected; 1.0 when nothing is expected."""
        return self.present / self.expected if self.expected else 1.0


@dataclass(frozen=True)
class MissingValue:
    """A value expected of a unit that is not there."""

    unit: str
    element: str
    period: int
    area: str


@dataclass(frozen=True)
class CompletenessResult:
    """Rows per unit and area, the totals (``ALL``), and every missing value."""

    rows: tuple[Completeness, ...]
    missing: tuple[MissingValue, ...]

    @cached_property
    def _by_key(self) -> dict[tuple[str, str], Completeness]:
        return {(r.unit, r.area): r for r in self.rows}

    def row(self, unit: str, area: str) -> Completeness:
        """The row of ``unit`` and ``area`` (either may be ``ALL``); empty if nothing is expected."""
        return self._by_key.get((unit, area), Completeness(unit, area, 0, 0))

    def only(self, units: frozenset[str]) -> CompletenessResult:
        """The same, for ``units`` only, with the totals worked out again over them."""
        frame = _rows_frame([r for r in self.rows if r.unit in units and r.unit != ALL and r.area != ALL])
        missing = tuple(m for m in self.missing if m.unit in units)
        return CompletenessResult(_totals(frame), missing)


def completeness(data: QualityInput, expected_share: float = 0.5) -> CompletenessResult:
    """Completeness of every unit of the period, per area and in all."""
    expected = _expected(data, expected_share)
    now = data.now
    present = pd.MultiIndex.from_frame(now[["unit", "element"]])
    expected["present"] = pd.MultiIndex.from_frame(expected[["unit", "element"]]).isin(present)
    groups = element_groups(data.scheme)
    areas = {e.code: g.code for g in groups for e in g.elements}
    expected["area"] = expected["element"].map(areas).fillna("")
    per_area = expected.groupby(["unit", "area"], sort=False)["present"].agg(["size", "sum"]).reset_index()
    unit_order = {u.code: i for i, u in enumerate(data.dataset.units)}
    area_order = {g.code: i for i, g in enumerate(groups)}
    order = pd.DataFrame({"u": per_area["unit"].map(unit_order), "a": per_area["area"].map(area_order)})
    per_area = per_area.loc[order.sort_values(["u", "a"]).index]
    frame = pd.DataFrame(
        {
            "unit": per_area["unit"],
            "area": per_area["area"],
            "expected": per_area["size"],
            "present": per_area["sum"],
        }
    )
    gaps = expected[~expected["present"]].sort_values(["unit", "element"])
    missing = tuple(
        MissingValue(str(u), str(e), data.period, str(a))
        for u, e, a in zip(gaps["unit"], gaps["element"], gaps["area"], strict=True)
    )
    return CompletenessResult(_totals(frame), missing)


def _expected(data: QualityInput, expected_share: float) -> pd.DataFrame:
    """One row (unit, element) per expected value."""
    units = data.dataset.unit_frame
    school_elements = [e.code for e in data.scheme.elements if e.level is Level.SCHOOL]
    unit_elements = [e.code for e in data.scheme.elements if e.level is Level.UNIT]
    schools = units[units["level"] == SCHOOL_LEVEL][["code", "school_type"]]
    now = data.now
    reported = now[(now["level"] == SCHOOL_LEVEL) & now["element"].isin(school_elements)]
    counts = reported.groupby(["school_type", "element"]).size().rename("reporting").reset_index()
    counts = counts.join(schools.groupby("school_type").size().rename("schools"), on="school_type")
    owed = counts[counts["reporting"] >= expected_share * counts["schools"]][["school_type", "element"]]
    by_school = schools.merge(owed, on="school_type")[["code", "element"]]
    evaluated = units.loc[units["level"] == data.scheme.info.evaluates, "code"]
    by_unit = pd.DataFrame(
        {
            "code": evaluated.repeat(len(unit_elements)).to_numpy(),
            "element": unit_elements * len(evaluated),
        }
    )
    return pd.concat([by_unit, by_school], ignore_index=True).rename(columns={"code": "unit"})


def _rows_frame(rows: list[Completeness]) -> pd.DataFrame:
    return pd.DataFrame(
        [(r.unit, r.area, r.expected, r.present) for r in rows],
        columns=["unit", "area", "expected", "present"],
    )


def _totals(frame: pd.DataFrame) -> tuple[Completeness, ...]:
    """The per-unit-and-area rows, then each unit's total, each area's total, and the grand total."""
    if frame.empty:
        return ()
    per_unit = frame.groupby("unit", sort=False)[["expected", "present"]].sum().reset_index().assign(area=ALL)
    per_area = frame.groupby("area", sort=False)[["expected", "present"]].sum().reset_index().assign(unit=ALL)
    total = pd.DataFrame(
        {
            "unit": [ALL],
            "area": [ALL],
            "expected": [frame["expected"].sum()],
            "present": [frame["present"].sum()],
        }
    )
    every = pd.concat([frame, per_unit, per_area, total], ignore_index=True)
    return tuple(
        Completeness(str(u), str(a), int(e), int(p))
        for u, a, e, p in zip(every["unit"], every["area"], every["expected"], every["present"], strict=True)
    )
