"""Rules a scheme declares about its values 校验规则, run over every unit of a dataset for a period.

Three kinds of :class:`RuleFailure`:

- ``check``: a cross-field rule of the scheme's ``checks`` (在园幼儿数 ≥ 公办园在园幼儿数) is
  false for a unit (:func:`dudao.engine.checks.failed_checks`; a rule with a missing input is
  not evaluated); its severity is the check's;
- ``range``: a value outside its element's plausibility range ``min`` … ``max``, or a unit's
  indicator outside the indicator's (a 巩固率 of 150 % where the scheme says at most 100). The
  range is the scheme's, never a built-in one: a gross enrolment ratio may well exceed 100%;
- ``change``: a value that moved from last year by more than its element's ``max_change``
  percent (either way), or away from a zero; a warning, for the unit to confirm.

>>> from dudao.samples import bundled_dataset, bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> failures = rule_failures(QualityInput(read_scheme(bundled_scheme_path()), bundled_dataset(), 2021))
>>> [(f.kind, f.unit, f.code, f.values, f.severity) for f in failures]  # one synthetic 巩固率 over 100
[('range', '500108', 'consolidation_rate', (100.4,), 'warning')]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dudao.data.quality.inputs import QualityInput, number_text
from dudao.engine.checks import compiled_checks, failed_checks
from dudao.engine.dataset import SCHOOL_LEVEL
from dudao.engine.pipeline import evaluate
from dudao.errors import DudaoError
from dudao.expr.ir import Level

KINDS = ("check", "range", "change")


@dataclass(frozen=True)
class RuleFailure:
    """A unit's values that break a rule of the scheme, with what was found and what is accepted."""

    kind: str  # "check" | "range" | "change"
    unit: str
    period: int
    code: str  # the check's code; the element's for range and change
    elements: tuple[str, ...]  # the elements read, in order
    values: tuple[float | None, ...]  # their values; for "change": this year's, last year's
    severity: str  # "error" | "warning"
    message_zh: str
    message_en: str


def rule_failures(data: QualityInput) -> list[RuleFailure]:
    """Every check, range and change failure of the period, in that order."""
    return [*check_failures(data), *range_failures(data), *indicator_failures(data), *change_failures(data)]


def check_failures(data: QualityInput) -> list[RuleFailure]:
    """The scheme's checks, on every school (school checks) and every other unit (unit checks)."""
    read = {code for compiled in compiled_checks(data.scheme) for code in compiled.elements}
    now = data.now[data.now["element"].isin(read)]
    if now.empty:
        return []
    wide = now.pivot(index="unit", columns="element", values="value")
    levels = data.dataset.unit_frame["level"].reindex(wide.index).to_numpy()
    columns = list(wide.columns)
    failures = []
    for unit, level, row in zip(wide.index, levels, wide.to_numpy().tolist(), strict=True):
        values = {c: v for c, v in zip(columns, row, strict=True) if v == v}  # NaN != NaN: missing
        check_level = Level.SCHOOL if level == SCHOOL_LEVEL else Level.UNIT
        for failure in failed_checks(data.scheme, check_level, values):
            found = tuple(values.get(code) for code in failure.elements)
            pairs = list(zip(failure.elements, found, strict=True))
            failures.append(
                RuleFailure(
                    "check",
                    str(unit),
                    data.period,
                    failure.code,
                    failure.elements,
                    found,
                    failure.severity,
                    f"{failure.message}（"
                    + "，".join(f"{data.element_name(c)} {number_text(v)}" for c, v in pairs)
                    + "）",
                    f"check {failure.code} fails: " + ", ".join(f"{c} = {number_text(v)}" for c, v in pairs),
                )
            )
    return failures


def range_failures(data: QualityInput) -> list[RuleFailure]:
    """Values below their element's ``min`` or above its ``max``."""
    bounded = {
        e.code: e
        for e in data.scheme.elements
        if e.code in data.numbers and (e.minimum is not None or e.maximum is not None)
    }
    frame = data.now[data.now["element"].isin(bounded)]
    low = frame["element"].map({c: e.minimum for c, e in bounded.items()}).astype("float64")
    high = frame["element"].map({c: e.maximum for c, e in bounded.items()}).astype("float64")
    outside = frame[(frame["value"] < low.fillna(-np.inf)) | (frame["value"] > high.fillna(np.inf))]
    failures = []
    for row in outside.sort_values(["unit", "element"]).itertuples(index=False):
        element = bounded[str(row.element)]
        accepted = _range_text(element.minimum, element.maximum)
        failures.append(
            RuleFailure(
                "range",
                str(row.unit),
                data.period,
                element.code,
                (element.code,),
                (float(row.value),),
                "error",
                f"“{element.name}”为 {number_text(row.value)}{element.unit}，超出合理范围 {accepted}",
                f"{element.code} is {number_text(row.value)}, outside its range {accepted}",
            )
        )
    return failures


def indicator_failures(data: QualityInput) -> list[RuleFailure]:
    """Units whose computed indicator lies outside the indicator's ``min`` … ``max`` (the scheme
    is evaluated once, only when it bounds an indicator)."""
    bounded = [i for i in data.scheme.indicators if i.minimum is not None or i.maximum is not None]
    if not bounded:
        return []
    try:
        results = evaluate(data.scheme, data.dataset, period=data.period, empty_period=True)
    except DudaoError:  # data the engine refuses: reported by the other checks
        return []
    failures = []
    for unit in sorted(results.units, key=lambda u: u.code):
        for indicator in bounded:
            value = unit.indicators.get(indicator.code)
            if not isinstance(value, int | float) or isinstance(value, bool) or value != value:
                continue
            low = -np.inf if indicator.minimum is None else indicator.minimum
            high = np.inf if indicator.maximum is None else indicator.maximum
            if low <= value <= high:
                continue
            accepted = _range_text(indicator.minimum, indicator.maximum)
            failures.append(
                RuleFailure(
                    "range",
                    unit.code,
                    data.period,
                    indicator.code,
                    (indicator.code,),
                    (float(value),),
                    "warning",  # computed, so nothing to refuse: the unit checks its inputs
                    f"指标“{indicator.name}”算得 {number_text(value)}{indicator.unit}，"
                    f"超出方案规定的范围 {accepted}，请核实其数据项",
                    f"indicator {indicator.code} comes to {number_text(value)}, outside its range "
                    f"{accepted}: check the values it is computed from",
                )
            )
    return failures


def change_failures(data: QualityInput, previous: int | None = None) -> list[RuleFailure]:
    """Values that changed from ``previous`` (default: the year before) by more than ``max_change``%."""
    limits = {e.code: e for e in data.scheme.elements if e.max_change is not None}
    if not limits:
        return []
    before_period = data.period - 1 if previous is None else previous
    now, before = data.now, data.at(before_period)
    pairs = now[now["element"].isin(limits)].merge(
        before[["unit", "element", "value"]], on=["unit", "element"], suffixes=("", "_before")
    )
    old, new = pairs["value_before"].to_numpy(), pairs["value"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        change = np.where(old != 0, (new - old) / np.abs(old) * 100, np.where(new != 0, np.inf, 0.0))
    limit = pairs["element"].map({c: e.max_change for c, e in limits.items()}).to_numpy(dtype="float64")
    pairs = pairs.assign(change=change)[np.abs(change) > limit]
    failures = []
    for row in pairs.sort_values(["unit", "element"]).itertuples(index=False):
        element = limits[str(row.element)]
        was, became = number_text(row.value_before), number_text(row.value)
        moved = "由 0 变为非零" if np.isinf(row.change) else f"变化 {row.change:+.1f}%"
        moved_en = "moved away from 0" if np.isinf(row.change) else f"changed {row.change:+.1f}%"
        failures.append(
            RuleFailure(
                "change",
                str(row.unit),
                data.period,
                element.code,
                (element.code,),
                (float(row.value), float(row.value_before)),
                "warning",
                f"“{element.name}”由 {before_period} 年的 {was} 变为 {became}，{moved}，"
                f"超过方案允许的 ±{number_text(element.max_change)}%，请核实",
                f"{element.code} went from {was} in {before_period} to {became}: {moved_en}, "
                f"beyond the ±{number_text(element.max_change)}% the scheme allows",
            )
        )
    return failures


def _range_text(minimum: float | None, maximum: float | None) -> str:
    low = number_text(minimum) if minimum is not None else "-∞"
    high = number_text(maximum) if maximum is not None else "+∞"
    return f"{low}～{high}"
