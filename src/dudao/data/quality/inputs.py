"""The input of every data-quality check: a scheme, a dataset and a period, with the values read
once into long frames that carry each unit's level, school type and district.

>>> from dudao.samples import bundled_dataset, bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> data = QualityInput(read_scheme(bundled_scheme_path()), bundled_dataset(), 2021)
>>> list(data.now.columns)
['unit', 'element', 'period', 'value', 'level', 'school_type', 'parent', 'district']
>>> data.now.loc[data.now["unit"] == "5001050001", "district"].iloc[0]
'500105'
>>> number_text(1500.0), number_text(94.35), number_text(None)
('1500', '94.35', '（空）')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from dudao.engine.dataset import Dataset
from dudao.expr.ir import Type
from dudao.scheme.model import Scheme

COLUMNS = ["unit", "element", "period", "value", "level", "school_type", "parent", "district"]


@dataclass(frozen=True, eq=False)
class QualityInput:
    """What the checks read. Frames hold one row per unit, element and period (the last one
    wins if a value is given twice), only for units of the tree; ``present`` frames drop
    missing values."""

    scheme: Scheme
    dataset: Dataset
    period: int
    _periods: dict[int, pd.DataFrame] = field(default_factory=dict, repr=False)

    @cached_property
    def values(self) -> pd.DataFrame:
        """Every value of every period, missing ones included (NaN)."""
        long = _long_values(self.dataset)
        long = long.drop_duplicates(["unit", "element", "period"], keep="last")
        units = self.dataset.unit_frame
        position = pd.Index(units.index).get_indexer(long["unit"])
        long = long[position >= 0]
        position = position[position >= 0]
        for column in ("level", "school_type", "parent"):
            long[column] = units[column].to_numpy()[position]
        long["district"] = self.district.to_numpy()[position]
        long = long.reset_index(drop=True)[COLUMNS]
        # plain object arrays: every check filters these frames many times, and taking rows of
        # Arrow-backed strings costs several times more
        texts = ["unit", "element", "level", "school_type", "parent", "district"]
        return long.astype(dict.fromkeys(texts, object))

    @cached_property
    def present(self) -> pd.DataFrame:
        return self.values[self.values["value"].notna()].reset_index(drop=True)

    def at(self, period: int) -> pd.DataFrame:
        """The values that are present in ``period``."""
        if period not in self._periods:
            present = self.present
            self._periods[period] = present[present["period"].to_numpy() == period].reset_index(drop=True)
        return self._periods[period]

    @property
    def now(self) -> pd.DataFrame:
        return self.at(self.period)

    @cached_property
    def district(self) -> pd.Series:
        """Every unit's district: its ancestor at the scheme's evaluated level, else its parent."""
        units = self.dataset.unit_frame
        found = self.dataset.ancestors_at(units.index, self.scheme.info.evaluates)
        return pd.Series(np.where(found == "", units["parent"].to_numpy(), found), index=units.index)

    @cached_property
    def numbers(self) -> frozenset[str]:
        """The number elements (yes/no elements are never counted, scored or compared)."""
        return frozenset(e.code for e in self.scheme.elements if e.type is Type.NUMBER)

    @cached_property
    def element_names(self) -> dict[str, str]:
        return {e.code: e.name for e in self.scheme.elements}

    @cached_property
    def unit_names(self) -> dict[str, str]:
        return {u.code: u.name for u in self.dataset.units}

    def element_name(self, code: str) -> str:
        return self.element_names.get(code, code)

    def unit_name(self, code: str) -> str:
        return self.unit_names.get(code, code)


def _long_values(dataset: Dataset) -> pd.DataFrame:
    """The dataset's long values; a snapshot-only dataset (Parquet) is melted from its wide frames."""
    if not dataset.values.empty or not dataset.snapshot_keys():
        return dataset.values[["unit", "element", "period", "value"]].copy()
    parts = []
    for period, level in dataset.snapshot_keys():
        wide = dataset.wide(period, level)
        long = wide.rename_axis("unit").reset_index().melt(id_vars="unit", var_name="element")
        parts.append(long.assign(period=period))
    return pd.concat(parts, ignore_index=True)[["unit", "element", "period", "value"]]


def subtree(dataset: Dataset, code: str) -> frozenset[str]:
    """``code`` and every unit below it."""
    children: dict[str, list[str]] = {}
    for unit in dataset.units:
        children.setdefault(unit.parent, []).append(unit.code)
    found, stack = {code}, [code]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return frozenset(found)


def number_text(value: float | None) -> str:
    """A value as people write it: no trailing ``.0``, at most ten significant digits."""
    if value is None or math.isnan(value):
        return "（空）"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"
