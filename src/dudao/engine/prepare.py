"""Bind a dataset to a plan: the input tables every backend reads.

It picks the periods the plan needs, builds wide per-period snapshots, splits multi-stage
schools (一贯制) by weighted pupils, and adds reviewers' levels and accepted bonus points as
unit inputs. Problems in the data as seen by this scheme come back as values.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dudao.engine.dataset import MULTI_STAGE, NO_DATA, SCHOOL_LEVEL, SINGLE_STAGE, Dataset
from dudao.engine.plan import Plan, input_column
from dudao.errors import Location, Problem
from dudao.expr import ir
from dudao.expr.ir import Level, Type
from dudao.scheme.model import Rubric, Scheme


@dataclass(frozen=True, eq=False)
class Prepared:
    """The inputs of one evaluation: a row per evaluated unit, and a row per (stage-)school."""

    units: pd.DataFrame  # unit, parent, name, then one column per unit input
    schools: pd.DataFrame  # school, unit, stage, school_type, then one column per school input
    period: int


def prepare(
    plan: Plan,
    dataset: Dataset,
    period: int,
    only: Collection[str] | None = None,
    *,
    empty_period: bool = False,
) -> tuple[Prepared, list[Problem]]:
    """The inputs of ``plan`` for ``period``; with ``only``, of those evaluated units alone
    (then the dataset-wide checks of the elements are left to the caller, who checked the whole
    dataset before and checks each change, see :mod:`dudao.engine.incremental`).

    A ``period`` the data has no values for is an error (``no-data-for-period``: most likely the
    wrong year), unless ``empty_period``: then every input of it is missing, as in a round that
    has just opened, and the missing values count as the formula semantics say (数据缺失).
    """
    scheme = plan.scheme
    problems = _check_elements(scheme, dataset) if only is None else []
    if period not in dataset.periods and not empty_period:
        problems.append(
            Problem.of(
                "no-data-for-period",
                Location(dataset.values_file or dataset.source, field="period"),
                period=period,
                have_zh="、".join(str(p) for p in dataset.periods) or "无",
                have_en=", ".join(map(str, dataset.periods)),
            )
        )
    evaluated = dataset.units_at(scheme.info.evaluates)
    if only is not None:
        wanted = set(only)
        evaluated = [u for u in evaluated if u.code in wanted]
    units = pd.DataFrame(
        {
            "unit": [u.code for u in evaluated],
            "parent": [u.parent if scheme.info.rank_within == "parent" else "" for u in evaluated],
            "name": [u.name for u in evaluated],
        }
    )
    reasons = unranked_reasons(dataset, period, scheme.info.evaluates, units["unit"].tolist())
    units[plan.unranked] = pd.array(reasons, dtype="string")  # typed text even when empty
    if not evaluated:
        problems.append(Problem.of("no-units", Location(dataset.source), level=scheme.info.evaluates))
    real_inputs = [i for i in plan.unit_inputs if ":" not in i.element]
    units = _attach(units, "unit", real_inputs, dataset, period, scheme.info.evaluates)
    units = _attach_reviews(units, plan, dataset, period, problems)
    schools = _schools(plan, dataset, period, only)
    return Prepared(units, schools, period), problems


def unranked_reasons(dataset: Dataset, period: int, level: str, codes: list[str]) -> list[str]:
    """Why each evaluated unit of ``codes`` is not ranked ("" when it is): what the dataset says
    (:attr:`Dataset.unranked`), else ``no_data`` when neither the unit nor any unit under it
    has a value for ``period``."""
    with_data = _units_with_data(dataset, period, level) if codes else set()
    return [dataset.unranked.get(code) or ("" if code in with_data else NO_DATA) for code in codes]


def _units_with_data(dataset: Dataset, period: int, level: str) -> set[str]:
    """The units at ``level`` that have a value for ``period``, their own or a unit's below."""
    if period not in dataset.periods:
        return set()
    found: set[str] = set()
    for unit_level in dataset.unit_frame["level"].unique():
        wide = dataset.wide(period, str(unit_level))
        if wide.empty:
            continue
        filled = wide.index[wide.notna().any(axis=1).to_numpy()]
        found.update(str(code) for code in dataset.ancestors_at(filled, level))
    found.discard("")
    return found


def _check_elements(scheme: Scheme, dataset: Dataset) -> list[Problem]:
    known = set(scheme.element_by_code)
    values = dataset.values
    if values.empty:
        return _check_snapshot(scheme, dataset)
    unknown = values[~values["element"].isin(known)]
    problems = []
    if not unknown.empty:
        codes = [str(code) for code in unknown["element"].unique()]
        shown = "、".join(codes[:8]) + ("…" if len(codes) > 8 else "")
        first = unknown.iloc[0]
        problems.append(
            Problem.of(
                "element-not-in-scheme",
                dataset.values_location(int(first["line"]), 2, "element"),
                variant="rows",
                count=len(codes),
                rows=len(unknown),
                shown_zh=shown,
                shown_en=", ".join(codes[:8]),
            )
        )
    yes_no = [e.code for e in scheme.elements if e.type is Type.BOOL]
    rows = values[values["element"].isin(yes_no) & values["value"].notna()]
    for row in rows[~rows["value"].isin([0.0, 1.0])].head(20).itertuples(index=False):
        problems.append(
            Problem.of(
                "not-a-boolean",
                dataset.values_location(int(row.line), 4, "value"),
                element=row.element,
                value=f"{row.value:g}",
            )
        )
    return problems


def _check_snapshot(scheme: Scheme, dataset: Dataset) -> list[Problem]:
    """The checks of :func:`_check_elements` on a snapshot read as it is (no long values)."""
    known = set(scheme.element_by_code)
    yes_no = {e.code for e in scheme.elements if e.type is Type.BOOL}
    unknown: dict[str, None] = {}
    problems = []
    for period, level in dataset.snapshot_keys():
        frame = dataset.wide(period, level)
        unknown.update(dict.fromkeys(c for c in frame.columns if c not in known))
        for code in sorted(yes_no & set(frame.columns)):
            column = frame[code]
            bad = column[column.notna() & ~column.isin([0.0, 1.0])]
            if not bad.empty:
                problems.append(
                    Problem.of(
                        "not-a-boolean",
                        Location(dataset.source, field=code),
                        variant="snapshot",
                        element=code,
                        period=period,
                        first_unit=bad.index[0],
                        first_value=f"{bad.iloc[0]:g}",
                        count=len(bad),
                    )
                )
    if unknown:
        codes = list(unknown)
        problems.append(
            Problem.of(
                "element-not-in-scheme",
                Location(dataset.source, field="element"),
                count=len(codes),
                shown_zh="、".join(codes[:8]) + ("…" if len(codes) > 8 else ""),
                shown_en=", ".join(codes[:8]),
            )
        )
    return problems


def _typed(values: np.ndarray, node: ir.Input, index: pd.Index) -> pd.Series:
    if node.type is Type.BOOL:
        return pd.Series(pd.arrays.BooleanArray(values == 1.0, np.isnan(values)), index=index)
    return pd.Series(values, index=index, dtype="float64")


def _attach(
    frame: pd.DataFrame,
    key: str,
    inputs: list[ir.Input],
    dataset: Dataset,
    period: int,
    level: str,
) -> pd.DataFrame:
    """Add one column per input, read from the wide snapshot of its period and ``level``: one
    row lookup per period, not one per input."""
    codes = frame[key].astype(object).to_numpy()
    blocks: dict[int, pd.DataFrame] = {}
    for offset in sorted({node.offset for node in inputs}):
        year = period + offset
        wide = dataset.wide(year, level) if year in dataset.periods else None
        if wide is not None:
            wanted = dict.fromkeys(
                n.element for n in inputs if n.offset == offset and n.element in wide.columns
            )
            blocks[offset] = wide[list(wanted)].reindex(codes)
    columns: dict[str, pd.Series] = {}
    for node in inputs:
        block = blocks.get(node.offset)
        if block is None or node.element not in block.columns:
            values = np.full(len(frame), np.nan)
        else:
            values = block[node.element].to_numpy(dtype="float64", na_value=np.nan)
        columns[input_column(node)] = _typed(values, node, frame.index)
    return pd.concat([frame, pd.DataFrame(columns, index=frame.index)], axis=1)


def _attach_reviews(
    units: pd.DataFrame, plan: Plan, dataset: Dataset, period: int, problems: list[Problem]
) -> pd.DataFrame:
    """The reviewed levels, accepted bonus and final points as unit inputs, when they judge the
    year evaluated (``dataset.judged_period``); another year is scored as computed."""
    scheme = plan.scheme
    fractions: dict[str, dict[str, float]] = {}
    judged = dataset.judged_period in (None, period)
    for review in dataset.reviews if judged else ():
        item = scheme.item_by_code.get(review.item)
        if item is None or not isinstance(item.rule, Rubric):
            continue  # reviews of another scheme's items
        fraction = item.rule.fraction(review.level)
        if fraction is None:
            levels = "、".join(lv.level for lv in item.rule.levels)
            problems.append(
                Problem.of(
                    "bad-review-level",
                    Location(f"{dataset.source}/reviews.csv", field="level"),
                    unit=review.unit,
                    item=review.item,
                    level=review.level,
                    levels_zh=levels,
                    levels_en=levels,
                )
            )
            continue
        fractions.setdefault(f"review:{review.item}", {})[review.unit] = fraction
    for claim in dataset.bonus if judged else ():
        if claim.item in scheme.bonus_by_code and scheme.bonus_by_code[claim.item].computed:
            problems.append(
                Problem.of(
                    "bonus-claim-computed",
                    Location(f"{dataset.source}/bonus.csv", field="item"),
                    unit=claim.unit,
                    item=claim.item,
                )
            )
        elif claim.item in scheme.bonus_by_code and claim.accepted is not None:
            fractions.setdefault(f"bonus:{claim.item}", {})[claim.unit] = claim.accepted
    for (unit, code), points in dataset.final_points.items() if judged else ():
        if code in scheme.item_by_code:
            fractions.setdefault(f"final:{code}", {})[unit] = float(points)
    columns = {}
    for node in plan.unit_inputs:
        if ":" in node.element:
            mapping = fractions.get(node.element, {})
            columns[input_column(node)] = units["unit"].map(mapping).astype("float64")
    return pd.concat([units, pd.DataFrame(columns, index=units.index)], axis=1)


def school_inputs(plan: Plan, dataset: Dataset, period: int, only: Collection[str] | None) -> pd.DataFrame:
    """The school rows the backends read for the evaluated units ``only`` (None: every unit), one
    row per school, or per stage of a split school: to list the school values behind an
    explanation."""
    return _schools(plan, dataset, period, only)


def _schools(plan: Plan, dataset: Dataset, period: int, only: Collection[str] | None) -> pd.DataFrame:
    evaluates = plan.scheme.info.evaluates
    tree = dataset.unit_frame
    schools = tree[tree["level"] == SCHOOL_LEVEL]
    if only is not None:
        schools = schools[np.isin(dataset.ancestors_at(schools["parent"], evaluates), list(only))]
    frame = pd.DataFrame(  # typed text even when empty, so every engine sees the same columns
        {
            "school": pd.array(schools["code"].to_numpy(), dtype="string"),
            "unit": pd.array(dataset.ancestors_at(schools["parent"], evaluates), dtype="string"),
            "school_type": pd.array(schools["school_type"].to_numpy(), dtype="string"),
        }
    )
    frame = frame[frame["unit"] != ""].reset_index(drop=True)
    frame["stage"] = frame["school_type"].map(SINGLE_STAGE).fillna(frame["school_type"]).astype("string")
    inputs = list(plan.school_inputs)
    split = plan.scheme.info.school_split
    if split is None or not plan.school_inputs:
        return _attach(frame, "school", inputs, dataset, period, SCHOOL_LEVEL)
    return _split(frame, plan, dataset, period)


def _split(frame: pd.DataFrame, plan: Plan, dataset: Dataset, period: int) -> pd.DataFrame:
    """Split multi-stage schools into one row per stage, sharing additive values by weight."""
    scheme = plan.scheme
    split = scheme.info.school_split
    assert split is not None
    stage_pupils = dict(split.pupils_by_stage)
    offsets = sorted({i.offset for i in plan.school_inputs})
    helper_inputs = [
        ir.Input(code, off, Level.SCHOOL, Type.NUMBER) for code in stage_pupils.values() for off in offsets
    ]
    inputs = list(dict.fromkeys([*plan.school_inputs, *helper_inputs]))
    wide = _attach(frame, "school", inputs, dataset, period, SCHOOL_LEVEL)
    pieces = [wide[~wide["school_type"].isin(MULTI_STAGE)]]
    additive = [
        i
        for i in plan.school_inputs
        if i.type is Type.NUMBER
        and i.element not in stage_pupils.values()
        and i.element != split.pupils
        and (scheme.element_by_code[i.element].aggregate == "sum")
    ]
    for school_type in MULTI_STAGE:
        weights = split.stage_weights(school_type)
        group = wide[wide["school_type"] == school_type]
        if group.empty:
            continue
        if weights is None:
            pieces.append(group)
            continue
        for offset in offsets:
            weighted = sum(
                group[input_column(ir.Input(stage_pupils[s], offset, Level.SCHOOL, Type.NUMBER))] * w
                for s, w in weights.items()
            )
            group = group.assign(**{f"__weighted_{offset}": weighted.replace(0, np.nan)})
        for stage, weight in weights.items():
            part = group.copy()
            part["stage"] = stage
            part["school"] = part["school"] + "#" + stage
            for offset in offsets:
                own = ir.Input(stage_pupils[stage], offset, Level.SCHOOL, Type.NUMBER)
                share = part[input_column(own)] * weight / part[f"__weighted_{offset}"]
                for node in additive:
                    if node.offset == offset:
                        part[input_column(node)] = part[input_column(node)] * share
                pupils = ir.Input(split.pupils, offset, Level.SCHOOL, Type.NUMBER)
                if input_column(pupils) in part:
                    part[input_column(pupils)] = part[input_column(own)]
                for other_stage, other in stage_pupils.items():
                    other_column = input_column(ir.Input(other, offset, Level.SCHOOL, Type.NUMBER))
                    if other_stage != stage and other_column in part:
                        part[other_column] = 0.0
            # A stage without pupils this period is not a school of that stage.
            current = input_column(ir.Input(stage_pupils[stage], 0, Level.SCHOOL, Type.NUMBER))
            part = part[part[current] != 0]
            pieces.append(part.drop(columns=[c for c in part.columns if c.startswith("__weighted_")]))
    result = pd.concat(pieces, ignore_index=True)
    keep = [
        "school",
        "unit",
        "school_type",
        "stage",
        *[input_column(i) for i in plan.school_inputs],
    ]
    return result[keep]
