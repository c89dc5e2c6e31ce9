"""The four signals of fabricated data 疑似造假线索 (see :mod:`.signals`; leads, never verdicts).

- ``identical``: the same non-trivial value of an element in several schools of one district,
  more often than its frequency in the rest of the city makes likely (a Poisson tail);
- ``digits``: a unit whose whole-number counts end in some digits far more often than others
  (χ² test of the last digits against uniform: made-up numbers end in 0 and 5);
- ``jump``: a value that grew or shrank by ``jump_factor`` or more from last year, beyond the
  change of its peers (same element, level and school type) over the same year;
- ``percentage``: a share entered beside its counts (an element with ``ratio_of``) that is not
  numerator / denominator, allowing for the rounding of the reported value.

``identical`` and ``digits`` are tests: a lead's p-value must be below ``alpha`` divided by the
number of tests made (Bonferroni), so clean data of any size raise one with a chance of about
``alpha``.

>>> from dudao.data.quality.signals import find_signals
>>> from dudao.samples import bundled_dataset, bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> data = QualityInput(read_scheme(bundled_scheme_path()), bundled_dataset(), 2021)
>>> find_signals(data, FABRICATION_SIGNALS)  # the clean generated data raise none
()
>>> reported_decimals(np.array([94.0, 94.5, 94.25, 1 / 3])).tolist()
[0, 1, 2, 4]
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dudao.data.quality.inputs import QualityInput, number_text
from dudao.data.quality.signals import Signal, SignalCheck, SignalSettings
from dudao.data.quality.stats import chi_square_sf, poisson_sf
from dudao.engine.dataset import SCHOOL_LEVEL

__all__ = [
    "FABRICATION_SIGNALS",
    "digit_preference",
    "identical_values",
    "jumps",
    "percentage_mismatches",
    "reported_decimals",
]


def identical_values(data: QualityInput, settings: SignalSettings) -> list[Signal]:
    """Schools of one district sharing a value more often than chance makes likely.

    The chance is taken from two places, and the larger is used, so that neither a value common
    in the city nor one common in the district is a lead: the value's frequency among the other
    districts' schools; and the district's own schools with values near it (within
    ``identical_window``, the value itself left out), spread over the values the window holds.
    """
    now = data.now
    schools = now[(now["level"] == SCHOOL_LEVEL) & now["element"].isin(data.numbers)]
    reporting = schools.groupby(["element", "district"]).size()
    city = schools.groupby("element").size()
    city_value = schools.groupby(["element", "value"]).size()
    candidates = schools[(schools["value"] != 0) & (schools["value"].abs() >= settings.identical_min_value)]
    shared = candidates.groupby(["element", "district", "value"]).size()
    limit = settings.alpha / max(1, len(shared))  # one test per value found in a district
    shared = shared[shared >= settings.identical_min_schools]
    if shared.empty:
        return []
    involved = schools[schools["element"].isin(shared.index.get_level_values("element"))]
    decimals = pd.Series(reported_decimals(involved["value"].to_numpy()), index=involved.index)
    steps = (10.0 ** -decimals.groupby(involved["element"]).max()).to_dict()
    ordered = involved.sort_values(["element", "district", "value"])
    by_place = {
        key: ordered["value"].to_numpy()[rows]
        for key, rows in ordered.groupby(["element", "district"]).indices.items()
    }
    keys = pd.MultiIndex.from_frame(candidates[["element", "district", "value"]])
    sharing = candidates[keys.isin(shared.index)]
    members = sharing.groupby(["element", "district", "value"]).indices
    share_units = sharing["unit"].to_numpy()
    reporting_of, city_of, city_value_of = reporting.to_dict(), city.to_dict(), city_value.to_dict()
    found = []
    for (element, district, value), count in shared.items():
        in_district = int(reporting_of[(element, district)])
        elsewhere = int(city_value_of[(element, value)]) - int(count)
        from_city = in_district * (elsewhere + 0.5) / (int(city_of[element]) - in_district + 1)
        step = float(steps[element])
        half = max(settings.identical_window * abs(float(value)), 2 * step)
        place = by_place[(element, district)]  # sorted
        around = np.searchsorted(place, [value - half - 1e-9, value, value, value + half + 1e-9], side="left")
        around[2] = np.searchsorted(place, value, side="right")
        near = int(around[3] - around[0] - (around[2] - around[1]))
        from_district = (near + 0.5) / max(1.0, round(2 * half / step))
        expected = max(from_city, from_district)
        p = poisson_sf(int(count), expected)
        if p >= limit:
            continue
        units = tuple(sorted(str(u) for u in share_units[members[(element, district, value)]]))
        name, shown, window = (
            data.element_name(str(element)),
            number_text(float(value)),
            f"±{number_text(half)}",
        )
        found.append(
            Signal(
                "identical",
                data.period,
                units,
                (str(element),),
                -math.log10(max(p, 1e-300)),
                f"{data.unit_name(str(district))}填报的 {in_district} 所学校中，{count} 所的“{name}”"
                f"同为 {shown}；全市其他区县有 {elsewhere} 所学校填报此值，本区县与之相差 {window} 以内的"
                f"其他学校 {near} 所，按此预计同值约 {expected:.2f} 所",
                f"{count} of {in_district} schools of {district} report {element} = {shown}; {elsewhere} "
                f"schools elsewhere and {near} others of the district within {window} do, so about "
                f"{expected:.2f} would be expected",
            )
        )
    return found


def digit_preference(data: QualityInput, settings: SignalSettings) -> list[Signal]:
    """Units whose counts' last digits are far from uniform (χ², 9 degrees of freedom)."""
    now = data.now
    frame = now[now["level"].isin(settings.digits_levels) & now["element"].isin(data.numbers)]
    whole = frame["value"] == np.round(frame["value"])
    counts = whole.groupby(frame["element"]).all()  # elements whose every value is a whole number
    frame = frame[frame["element"].isin(counts[counts].index) & (frame["value"].abs() >= 10)]
    frame = frame.drop_duplicates(["unit", "value"])  # a number copied into two fields counts once
    codes, units = pd.factorize(frame["unit"])
    digits = (frame["value"].abs().to_numpy() % 10).astype(int)
    tally = np.bincount(codes * 10 + digits, minlength=len(units) * 10).reshape(len(units), 10)
    table = pd.DataFrame(tally, index=pd.Index(units, name="unit"), columns=range(10))
    n = table.sum(axis=1)
    table = table[n >= settings.digits_min_values]
    n = n[n >= settings.digits_min_values]
    expected = n / 10
    chi2 = ((table.sub(expected, axis=0) ** 2).div(expected, axis=0)).sum(axis=1)
    limit = settings.alpha / max(1, len(chi2))  # one test per unit with enough values
    found = []
    for unit, statistic in chi2.items():
        p = chi_square_sf(float(statistic), 9)
        if p >= limit:
            continue
        row, total = table.loc[unit], int(n[unit])
        top = row.sort_values(ascending=False, kind="stable").index[:2]
        seen = "、".join(f"末位为 {d} 的 {int(row[d])} 个" for d in top)
        seen_en = ", ".join(f"{int(row[d])} end in {d}" for d in top)
        found.append(
            Signal(
                "digits",
                data.period,
                (str(unit),),
                (),
                -math.log10(max(p, 1e-300)),
                f"{data.unit_name(str(unit))}的 {total} 个计数值中，{seen}（末位数字均匀时每个约 "
                f"{total / 10:.1f} 个）；χ² = {statistic:.1f}，p = {p:.1e}",
                f"of {total} counts of {unit}, {seen_en} (about {total / 10:.1f} each if uniform); "
                f"chi-square {statistic:.1f}, p = {p:.1e}",
            )
        )
    return found


def jumps(data: QualityInput, settings: SignalSettings) -> list[Signal]:
    """Values that moved from last year by ``jump_factor`` or more, beyond their peers' change."""
    before_period = data.period - 1
    now = data.now[data.now["element"].isin(data.numbers)]
    pairs = now.merge(
        data.at(before_period)[["unit", "element", "value"]], on=["unit", "element"], suffixes=("", "_before")
    )
    big = np.maximum(pairs["value"], pairs["value_before"]) >= settings.jump_min_value
    pairs = pairs[
        (pairs["value"] > 0) & (pairs["value_before"] > 0) & big
    ]  # a change from or to 0 is no growth rate
    change = np.log(pairs["value"] / pairs["value_before"])
    groups = change.groupby([pairs["element"], pairs["level"], pairs["school_type"]], sort=False)
    typical = groups.transform("median").where(groups.transform("size") >= 5, 0.0)
    limit = math.log(settings.jump_factor)
    hit = (change.abs() >= limit) & ((change - typical).abs() >= limit)
    found = []
    for row, moved, usual in zip(pairs[hit].itertuples(index=False), change[hit], typical[hit], strict=True):
        name, was, became = (
            data.element_name(str(row.element)),
            number_text(row.value_before),
            number_text(row.value),
        )
        factor, peers = math.exp(moved), math.exp(usual)
        found.append(
            Signal(
                "jump",
                data.period,
                (str(row.unit),),
                (str(row.element),),
                abs(moved - usual) / limit,
                f"{data.unit_name(str(row.unit))}的“{name}”由 {before_period} 年的 {was} 变为 "
                f"{data.period} 年的 {became}（{factor:.2f} 倍），同类单位同期的中位变化为 {peers:.2f} 倍",
                f"{row.element} of {row.unit} went from {was} in {before_period} to {became} in "
                f"{data.period} (×{factor:.2f}); its peers' median change was ×{peers:.2f}",
            )
        )
    return found


def percentage_mismatches(data: QualityInput, settings: SignalSettings) -> list[Signal]:
    """Shares entered beside their counts (``ratio_of``) that do not equal numerator / denominator."""
    found = []
    for element in data.scheme.elements:
        if element.ratio_of is None:
            continue
        numerator, denominator = element.ratio_of
        now = data.now[data.now["element"].isin([element.code, numerator, denominator])]
        wide = now.pivot(index="unit", columns="element", values="value").reindex(
            columns=[element.code, numerator, denominator]
        )
        wide = wide.dropna()
        wide = wide[wide[denominator] != 0]
        reported = wide[element.code].to_numpy()
        exact = wide[numerator].to_numpy() / wide[denominator].to_numpy() * element.ratio_scale
        tolerance = settings.percentage_slack * 10.0 ** -reported_decimals(reported) + 1e-9
        hit = np.abs(reported - exact) > tolerance
        unit_text = element.unit if element.unit in ("%", "‰") else ""
        for unit, shown, right, top, bottom in zip(
            wide.index[hit],
            reported[hit],
            exact[hit],
            wide[numerator][hit],
            wide[denominator][hit],
            strict=True,
        ):
            found.append(
                Signal(
                    "percentage",
                    data.period,
                    (str(unit),),
                    (element.code, numerator, denominator),
                    float(abs(shown - right)),
                    f"{data.unit_name(str(unit))}填报“{element.name}”为 {number_text(shown)}{unit_text}，而"
                    f"“{data.element_name(numerator)}”{number_text(top)} ÷ “{data.element_name(denominator)}”"
                    f"{number_text(bottom)} 得 {right:.2f}{unit_text}",
                    f"{unit} reports {element.code} = {number_text(shown)}{unit_text}, but {numerator} "
                    f"{number_text(top)} / {denominator} {number_text(bottom)} gives {right:.2f}{unit_text}",
                )
            )
    return found


def reported_decimals(values: np.ndarray, most: int = 4) -> np.ndarray:
    """How many decimals each value shows (0 … ``most``): 94.5 → 1; the slack of its rounding."""
    decimals = np.full(values.shape, most)
    for d in range(most - 1, -1, -1):
        scaled = values * 10.0**d
        decimals = np.where(
            np.abs(scaled - np.round(scaled)) < 1e-6 * np.maximum(1.0, np.abs(scaled)), d, decimals
        )
    return decimals


FABRICATION_SIGNALS: tuple[SignalCheck, ...] = (
    identical_values,
    digit_preference,
    jumps,
    percentage_mismatches,
)
