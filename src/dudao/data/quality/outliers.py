"""Outliers 异常值: values far from their peers' or from the unit's own history (modified z-score).

A value is an outlier when its modified z-score (:mod:`.stats`) passes ``threshold`` (3.5, as
Iglewicz and Hoaglin recommend) against one of two groups:

- ``peers``: the same element's values, in the same period, of the units at the same level and,
  for schools, of the same school type (kindergartens with kindergartens);
- ``history``: the same unit's own values of the element in earlier periods (at least
  ``min_history`` of them; a history is not compared with a group it is not part of).

Sizes are skewed (a few schools are very large), so by default a group of values that are all
≥ 0 is compared on the scale of ``log(1 + x)``: a school twice the median size is as unusual as
one half of it. Zeros are left out of both groups: a 0 says a thing is absent (a private
kindergarten has no 普惠 places, a district had no incident), not that it is small, and most
event counts are 0. Yes/no elements are not tested. Outliers are **listed for follow-up, never
rejected**: a very large school is an outlier and is right.

>>> import pandas as pd
>>> from dudao.engine.dataset import Dataset, Unit
>>> from dudao.data.quality.inputs import QualityInput
>>> from dudao.scheme.load import load_scheme_text
>>> scheme, _ = load_scheme_text('''
... scheme: {code: s, title: t, period: 2021, grades: [{name: 合格, min: 0}]}
... elements: [{code: teachers, name: 专任教师数, level: school}]
... items: [{code: A, name: 甲, points: 100, rule: {type: boolean, value: sum(teachers) > 0}}]
... ''')
>>> schools = [Unit(f"s{i}", f"校{i}", "d", "school", "primary") for i in range(9)]
>>> values = pd.DataFrame({"unit": [f"s{i}" for i in range(9)], "element": "teachers", "period": 2021,
...                        "value": [40.0, 42, 38, 41, 39, 43, 40, 37, 160]})
>>> dataset = Dataset((Unit("d", "区", "", "district"), *schools), values)
>>> [(o.unit, o.against, round(o.score, 1)) for o in find_outliers(QualityInput(scheme, dataset, 2021))]
[('s8', 'peers', 19.4)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dudao.data.quality.inputs import QualityInput, number_text
from dudao.data.quality.stats import scores_from

PEER_KEYS = ["element", "level", "school_type"]


@dataclass(frozen=True)
class OutlierSettings:
    """How outliers are found (docs/data-quality.md)."""

    threshold: float = 3.5  # |modified z-score| above this is an outlier
    min_peers: int = 8  # a peer group needs at least this many values
    min_history: int = 3  # a unit's history needs at least this many earlier values
    log_scale: bool = True  # compare log(1 + x) when a group's values are all ≥ 0


@dataclass(frozen=True)
class Outlier:
    """A value far from its group, with the group it was compared with."""

    unit: str
    element: str
    period: int
    value: float
    against: str  # "peers" | "history"
    group: str  # peers: "school/primary" (level/school type); history: the earlier periods, "2017-2020"
    median: float  # the group's median value
    score: float  # the modified z-score (its sign: above or below the median)
    size: int  # how many values the group has
    message_zh: str
    message_en: str


def find_outliers(data: QualityInput, settings: OutlierSettings | None = None) -> list[Outlier]:
    """Every outlier of the period against peers, then against history."""
    settings = settings or OutlierSettings()
    now = _tested(data.now, data)
    found = _peer_outliers(now, settings) + _history_outliers(data, now, settings)
    return [_outlier(row, data) for row in found]


def _tested(frame: pd.DataFrame, data: QualityInput) -> pd.DataFrame:
    """The values an outlier test looks at: number elements, not zero."""
    return frame[frame["element"].isin(data.numbers).to_numpy() & (frame["value"].to_numpy() != 0)]


def _scaled(frame: pd.DataFrame, keys: list[str], log_scale: bool) -> np.ndarray:
    """The values on the scale they are compared on: log(1 + x) where the whole group is ≥ 0."""
    x: np.ndarray = np.asarray(frame["value"].to_numpy(), dtype="float64")
    if not log_scale:
        return x
    nonnegative = frame.groupby(keys, sort=False)["value"].transform("min").to_numpy() >= 0
    return np.asarray(np.where(nonnegative, np.log1p(np.clip(x, 0, None)), x), dtype="float64")


def _group_stats(x: np.ndarray, frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per group: the median and size of ``x``, the median and mean of |x − median|."""
    scaled = frame[keys].assign(x=x)
    groups = scaled.groupby(keys, sort=False)["x"]
    median = groups.transform("median")
    deviation = (scaled["x"] - median).abs()
    by_deviation = deviation.groupby([scaled[k] for k in keys], sort=False)
    return pd.DataFrame(
        {
            "median_x": median.to_numpy(),
            "mad": by_deviation.transform("median").to_numpy(),
            "mean_ad": by_deviation.transform("mean").to_numpy(),
            "size": groups.transform("size").to_numpy(),
        },
        index=frame.index,
    )


def _peer_outliers(now: pd.DataFrame, settings: OutlierSettings) -> list[dict[str, Any]]:
    x = _scaled(now, PEER_KEYS, settings.log_scale)
    stats = _group_stats(x, now, PEER_KEYS)
    score = scores_from(x, stats["median_x"].to_numpy(), stats["mad"].to_numpy(), stats["mean_ad"].to_numpy())
    hit = (np.abs(score) > settings.threshold) & (stats["size"].to_numpy() >= settings.min_peers)
    rows = now[hit].assign(score=score[hit], size=stats["size"].to_numpy()[hit], against="peers")
    if rows.empty:
        return []
    medians = now.groupby(PEER_KEYS, sort=False)["value"].median().rename("median")
    rows = rows.join(medians, on=PEER_KEYS)
    rows["group"] = rows["level"] + np.where(rows["school_type"] != "", "/" + rows["school_type"], "")
    return list(rows.to_dict("records"))


def _history_outliers(
    data: QualityInput, now: pd.DataFrame, settings: OutlierSettings
) -> list[dict[str, Any]]:
    """Each value now against the same unit's values of the same element in earlier periods."""
    present = data.present
    past = _tested(present[present["period"].to_numpy() < data.period], data)
    keys = ["unit", "element"]
    past = past.merge(now[keys], on=keys)  # only units with a value now
    counts = past.groupby(keys, sort=False)["value"].transform("size")
    past = past[counts.to_numpy() >= settings.min_history]
    if past.empty:
        return []
    current = now.merge(past[keys].drop_duplicates(), on=keys)
    both = pd.concat([past, current], ignore_index=True)
    x = _scaled(both, keys, settings.log_scale)
    earlier = both["period"].to_numpy() < data.period
    history = both[earlier]
    stats = _group_stats(x[earlier], history, keys)
    summary = pd.concat([history[keys], stats], axis=1).drop_duplicates(keys)
    spans = history.groupby(keys, sort=False).agg(
        median=("value", "median"), first=("period", "min"), last=("period", "max")
    )
    current = both[~earlier].assign(x=x[~earlier]).merge(summary, on=keys).join(spans, on=keys)
    score = scores_from(
        current["x"].to_numpy(),
        current["median_x"].to_numpy(),
        current["mad"].to_numpy(),
        current["mean_ad"].to_numpy(),
    )
    hit = np.abs(score) > settings.threshold
    rows = current[hit].assign(score=score[hit], against="history")
    rows["group"] = rows["first"].astype(str) + "-" + rows["last"].astype(str)
    return list(rows.to_dict("records"))


def _outlier(row: dict[str, Any], data: QualityInput) -> Outlier:
    element, value, median, score = (
        str(row["element"]),
        float(row["value"]),
        float(row["median"]),
        float(row["score"]),
    )
    size, against, group = int(row["size"]), str(row["against"]), str(row["group"])
    side, side_en = ("高于", "above") if score > 0 else ("低于", "below")
    name, shown, middle = data.element_name(element), number_text(value), number_text(median)
    if against == "peers":
        where_zh, where_en = f"同类 {size} 个单位", f"{size} peers"
    else:
        where_zh, where_en = f"本单位 {group} 年", f"this unit's values in {group}"
    return Outlier(
        str(row["unit"]),
        element,
        data.period,
        value,
        against,
        group,
        median,
        score,
        size,
        f"“{name}”为 {shown}，明显{side}{where_zh}的中位数 {middle}（修正 z 分数 {score:.1f}）",
        f"{element} is {shown}, well {side_en} the median {middle} of {where_en} (modified z {score:.1f})",
    )
