"""Plant labelled anomalies 植入异常 in a generated dataset, to test and measure the signals of
fabricated data (:mod:`dudao.data.quality.fabrication`).

Four kinds, each planted in its own units (no unit gets two kinds), in the chosen period only:

- ``identical``: one school's value of an element copied into ``copies`` other schools of the
  same district and type whose own values were close to it (a clerk filling in schools with a
  plausible number); every school of the group is labelled, the source included;
- ``digits``: a school's whole-number counts (≥ 10) rewritten as round numbers, each to the
  nearest 10 or 5, as numbers made up rather than counted;
- ``jump``: one value of a school or a district multiplied or divided by ``factor`` (3);
- ``percentage``: a school's reported share (an element with ``ratio_of``) moved 3 to 8 points
  away from its counts' ratio.

Whoever plants copies, round numbers or jumps keeps the unit's shares consistent with the new
counts, so that each kind can be measured on its own; mismatched shares are their own kind.

>>> from dudao.samples import bundled_dataset, bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> planted = plant_anomalies(read_scheme(bundled_scheme_path()), bundled_dataset(), per_kind=2)
>>> sorted(Counter(a.kind for a in planted.anomalies).items())
[('digits', 2), ('identical', 10), ('jump', 2), ('percentage', 2)]
>>> len(planted.units()), planted.dataset.label
(16, '示例数据')
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from dudao.engine.dataset import SCHOOL_LEVEL, Dataset, Unit
from dudao.expr.ir import Level, Type
from dudao.scheme.model import Scheme

KINDS = ("identical", "digits", "jump", "percentage")
__all__ = ["KINDS", "PlantedAnomaly", "PlantedDataset", "plant_anomalies"]


@dataclass(frozen=True)
class PlantedAnomaly:
    """A label: ``unit`` carries an anomaly of ``kind`` (in ``element``; "" for all its counts)."""

    unit: str
    kind: str
    element: str
    note: str


@dataclass(frozen=True)
class PlantedDataset:
    dataset: Dataset
    anomalies: tuple[PlantedAnomaly, ...]
    period: int

    def units(self, kind: str | None = None) -> frozenset[str]:
        """The units labelled with ``kind`` (any kind if None)."""
        return frozenset(a.unit for a in self.anomalies if kind is None or a.kind == kind)


def plant_anomalies(
    scheme: Scheme,
    dataset: Dataset,
    period: int | None = None,
    *,
    per_kind: int = 5,
    copies: int = 4,
    factor: float = 3.0,
    distinctive: bool = True,
    seed: int = 6,
) -> PlantedDataset:
    """A copy of ``dataset`` with ``per_kind`` anomalies of each kind (``per_kind`` groups of
    ``copies`` + 1 schools for ``identical``) planted in ``period`` (default: the scheme's).

    ``distinctive``: copy only values no other school of the city reports for the element; a
    copied common value (120 teachers) cannot be told from chance, and is left out unless False.
    """
    planter = _Planter(scheme, dataset, scheme.info.period if period is None else period, seed)
    planter.identical(per_kind, copies, distinctive)
    planter.digits(per_kind)
    planter.jumps(per_kind, factor)
    planter.percentages(per_kind)
    planted = Dataset(
        units=dataset.units,
        values=planter.values,
        reviews=dataset.reviews,
        bonus=dataset.bonus,
        title=dataset.title,
        label=dataset.label,
        source=f"{dataset.source}（植入异常 planted anomalies）",
    )
    return PlantedDataset(planted, tuple(planter.labels), planter.period)


class _Planter:
    def __init__(self, scheme: Scheme, dataset: Dataset, period: int, seed: int) -> None:
        self.scheme, self.dataset, self.period = scheme, dataset, period
        self.rng = random.Random(seed)
        self.values = dataset.values.copy()
        keys = zip(self.values["unit"], self.values["element"], self.values["period"], strict=True)
        self.row = {(str(u), str(e), int(p)): i for i, (u, e, p) in zip(self.values.index, keys, strict=True)}
        self.labels: list[PlantedAnomaly] = []
        self.taken: set[str] = set()
        self.shares = [e for e in scheme.elements if e.ratio_of is not None]
        terms = {code for e in self.shares for code in (e.code, *(e.ratio_of or ()))}
        numbers = [e for e in scheme.elements if e.type is Type.NUMBER and e.code not in terms]
        self.school_numbers = sorted(e.code for e in numbers if e.level is Level.SCHOOL)
        self.unit_numbers = sorted(e.code for e in numbers if e.level is Level.UNIT)

    # -- reading and writing values ---------------------------------------------------------
    def get(self, unit: str, element: str, period: int | None = None) -> float | None:
        index = self.row.get((unit, element, self.period if period is None else period))
        value = None if index is None else self.values.at[index, "value"]
        return None if value is None or math.isnan(value) else float(value)

    def put(self, unit: str, element: str, value: float) -> None:
        self.values.at[self.row[(unit, element, self.period)], "value"] = value

    def label(self, unit: str, kind: str, element: str, note: str) -> None:
        self.labels.append(PlantedAnomaly(unit, kind, element, note))
        self.taken.add(unit)

    def keep_shares(self, unit: str) -> None:
        """Recompute the unit's shares from its counts, rounded as they were reported."""
        for share in self.shares:
            numerator, denominator = share.ratio_of or ("", "")
            top, bottom, old = (
                self.get(unit, numerator),
                self.get(unit, denominator),
                self.get(unit, share.code),
            )
            if top is not None and bottom and old is not None:
                self.put(unit, share.code, round(top / bottom * share.ratio_scale, 1))

    @cached_property
    def schools(self) -> list[Unit]:
        return [u for u in self.dataset.units if u.level == SCHOOL_LEVEL]

    @cached_property
    def whole_elements(self) -> set[str]:
        """School number elements whose every value in the period is a whole number: counts."""
        numbers = {e.code for e in self.scheme.elements if e.type is Type.NUMBER and e.level is Level.SCHOOL}
        now = self.values[self.values["period"] == self.period]
        now = now[now["element"].isin(numbers - {e.code for e in self.shares}) & now["value"].notna()]
        whole = (now["value"] == np.round(now["value"])).groupby(now["element"]).all()
        return set(whole[whole].index)

    # -- the four kinds ----------------------------------------------------------------------
    def identical(self, groups: int, copies: int, distinctive: bool) -> None:
        by_place: dict[tuple[str, str], list[Unit]] = {}
        for school in self.schools:
            by_place.setdefault((school.parent, school.school_type), []).append(school)
        places = sorted(k for k, members in by_place.items() if len(members) > 2 * copies)
        now = self.values[(self.values["period"] == self.period) & self.values["value"].notna()]
        in_city = Counter(zip(now["element"], now["value"], strict=True))
        district_of = {s.code: s.parent for s in self.schools}
        in_district = Counter(
            (district_of.get(u, ""), e, v)
            for u, e, v in zip(now["unit"], now["element"], now["value"], strict=True)
        )
        for _ in range(groups * 200):
            if sum(a.kind == "identical" for a in self.labels) >= groups * (copies + 1):
                return
            district, school_type = self.rng.choice(places)
            members = [s for s in by_place[(district, school_type)] if s.code not in self.taken]
            element = self.rng.choice(self.school_numbers)
            have = {s.code: v for s in members if (v := self.get(s.code, element)) is not None}
            # a value ≥ 100 no other school of the district has (and, if distinctive, none in the city)
            sources = [
                code
                for code, v in have.items()
                if v >= 100
                and in_district[(district, element, v)] == 1
                and (in_city[(element, v)] == 1 or not distinctive)
            ]
            if not sources:
                continue
            source = self.rng.choice(sources)
            value = have[source]
            close = [c for c, v in have.items() if c != source and 1 / 1.5 <= v / value <= 1.5]
            if len(close) < copies:
                continue
            targets = self.rng.sample(close, copies)
            for code in targets:
                self.label(
                    code, "identical", element, f"{element} {have[code]:g} → {value:g}（抄自 {source}）"
                )
                self.put(code, element, value)
                self.keep_shares(code)
            self.label(source, "identical", element, f"{element} {value:g} 被抄入 {'、'.join(targets)}")

    def digits(self, count: int) -> None:
        candidates = [s.code for s in self.schools]
        self.rng.shuffle(candidates)
        done = 0
        for code in candidates:
            if done == count:
                return
            counted = {e: v for e in self.whole_elements if (v := self.get(code, e)) is not None and v >= 10}
            if code in self.taken or len(set(counted.values())) < 13:
                continue
            used: set[float] = set()
            for element, value in sorted(counted.items()):
                step = 10 if self.rng.random() < 0.6 else 5
                rounded = max(step, round(value / step) * step)
                while rounded in used:  # made-up numbers, but not the same one twice
                    rounded += 5
                used.add(rounded)
                self.put(code, element, float(rounded))
            self.keep_shares(code)
            self.label(code, "digits", "", f"{len(counted)} 个计数值改为整十或整五")
            done += 1

    def jumps(self, count: int, factor: float) -> None:
        units = [u for u in self.dataset.units if u.level in (SCHOOL_LEVEL, self.scheme.info.evaluates)]
        done = 0
        for attempt in range(count * 500):
            if done == count:
                return
            unit = self.rng.choice(units)
            school = unit.level == SCHOOL_LEVEL
            element = self.rng.choice(self.school_numbers if school else self.unit_numbers)
            now, before = self.get(unit.code, element), self.get(unit.code, element, self.period - 1)
            if unit.code in self.taken or not now or not before or min(now, before) < 20:
                continue
            times = factor if attempt % 2 == 0 else 1 / factor
            new = now * times
            new = float(round(new)) if float(now).is_integer() else round(new, 1)
            self.put(unit.code, element, new)
            self.keep_shares(unit.code)
            self.label(unit.code, "jump", element, f"{element} {now:g} → {new:g}（上年 {before:g}）")
            done += 1

    def percentages(self, count: int) -> None:
        candidates = [(s.code, share) for s in self.schools for share in self.shares]
        self.rng.shuffle(candidates)
        done = 0
        for code, share in candidates:
            if done == count:
                return
            reported = self.get(code, share.code)
            if code in self.taken or reported is None:
                continue
            shift = self.rng.uniform(3, 8)
            new = round(reported + shift if reported + shift <= 100 else reported - shift, 1)
            self.put(code, share.code, new)
            self.label(code, "percentage", share.code, f"{share.code} {reported:g} → {new:g}")
            done += 1
