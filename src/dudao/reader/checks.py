"""Checking claims against a unit's data: agrees 一致, differs 不一致, no data 无数据.

A claim agrees when the data value lies in the range the claim's wording allows: its rounding
(124.6% covers 124.55 … 124.65), and its qualifier (6000余 covers 6000 … 7000, 超过55% covers
55 … 60.5, 近60% covers 54 … 60, 约/左右 ±10%). A claim about several years (2021年以来, 近三年)
or about a year the data does not hold is not compared.

>>> from dudao.reader.claims import extract_claims
>>> [allowed(c) for c in extract_claims("新增学位6000余个,入园率达124.6%,占比超过55%,近60%。")]
... # doctest: +NORMALIZE_WHITESPACE
[(6000.0, 7000.0), (124.55, 124.65), (55.0, 60.5), (54.0, 60.0)]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from dudao.engine.dataset import Dataset
from dudao.engine.results import Results
from dudao.expr.ir import Level
from dudao.reader.claims import Claim
from dudao.reader.mapping import SCALES, Target
from dudao.reader.numerals import decimals
from dudao.scheme.model import Scheme

AGREES, DIFFERS, NO_DATA, UNMAPPED = "agrees", "differs", "no_data", "unmapped"
STATUS_ZH = {AGREES: "一致", DIFFERS: "不一致", NO_DATA: "无数据", UNMAPPED: "未对应"}
_YEAR = re.compile(r"^([0-9]{4})年度?$")
_ABOVE = ("余", "多")
_AT_LEAST = ("超过", "以上")
_AT_MOST = ("近", "不足", "以下", "以内")
_ABOUT = ("约", "左右")


@dataclass(frozen=True)
class Comparison:
    """A mapped claim beside the data: the status, the data value and why."""

    status: str
    data_value: float | None = None  # in the target's unit
    data_unit: str = ""
    low: float | None = None  # the range the claim allows, in the claim's written scale
    high: float | None = None
    reason: str = ""


def allowed(claim: Claim) -> tuple[float, float]:
    """The range of values (in the claim's written scale) the claim's wording covers."""
    x, places = claim.value, decimals(claim.number)
    step = 10.0**-places if places else _order(x)
    if claim.qualifier in _ABOVE:
        return x, x + step
    margin = 0.1 * abs(x) or step
    if claim.qualifier in _AT_LEAST:
        return x, x + margin
    if claim.qualifier in _AT_MOST:
        return x - margin, x
    if claim.qualifier in _ABOUT:
        return x - max(step / 2, 0.1 * x), x + max(step / 2, 0.1 * x)
    half = 0.5 * 10.0**-places
    return round(x - half, places + 1), round(x + half, places + 1)


def _order(x: float) -> float:
    """The place of the last non-zero digit of a whole number: 6000 → 1000, 55 → 1, 0 → 1."""
    whole, order = round(abs(x)), 1.0
    while whole and whole % 10 == 0:
        whole //= 10
        order *= 10
    return order


def compare(claim: Claim, target: Target, values: dict[str, float], period: int) -> Comparison:
    """Compare one mapped claim with the unit's value of its target."""
    if claim.period is not None:
        year = _YEAR.match(claim.period)
        if year is None:
            return Comparison(NO_DATA, reason=f"“{claim.period}”为多年累计，数据只有单一年度（{period}年）")
        if int(year.group(1)) != period:
            return Comparison(NO_DATA, reason=f"数据年度为{period}年，报告说的是{claim.period}")
    value = values.get(target.code)
    if value is None or math.isnan(value):
        return Comparison(NO_DATA, reason=f"{target.name}（{target.code}）无数据")
    shown = value * SCALES.get(target.unit, 1.0) / (claim.magnitude / claim.value if claim.value else 1.0)
    if claim.falls:
        shown = -shown
    low, high = allowed(claim)
    tolerance = 1e-9 * max(1.0, abs(high))
    status = AGREES if low - tolerance <= shown <= high + tolerance else DIFFERS
    return Comparison(
        status, value, target.unit, low, high, f"数据：{target.name} {_fmt(value)}{target.unit}"
    )


def unit_values(
    scheme: Scheme, dataset: Dataset, results: Results | None, unit: str, period: int
) -> dict[str, float]:
    """The unit's numeric element values for ``period`` (school elements summed) and indicators."""
    values = dataset.values
    found: dict[str, float] = {}
    own = values[(values["unit"] == unit) & (values["period"] == period)]
    found.update({str(e): float(v) for e, v in zip(own["element"], own["value"], strict=True)})
    school_codes = [e.code for e in scheme.elements if e.level is Level.SCHOOL and e.aggregate == "sum"]
    level = dataset.unit_by_code[unit].level if unit in dataset.unit_by_code else ""
    schools = values[(values["period"] == period) & values["element"].isin(school_codes)]
    if level and not schools.empty:
        mine = schools[dataset.ancestors_at(schools["unit"], level) == unit]
        sums = mine.groupby("element")["value"].sum(min_count=1)
        found.update({str(e): float(v) for e, v in sums.items() if not pd.isna(v)})
    if results is not None:
        try:
            indicators = results.unit(unit).indicators
        except KeyError:
            indicators = {}
        for code, value in indicators.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                found[code] = float(value)
    return found


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
