"""Imported values before they are stored: one long frame, where each value came from, and the
problems found.

Every importer (long CSV/JSON, Excel workbooks, DHIS2 JSON and ADX) returns a
:class:`ValueBatch`. Its ``values`` hold only the rows that were read cleanly; each row that
could not be read is a :class:`~dudao.errors.Problem` instead, located at its line and column
(text formats) or its ``sheet!cell`` (workbooks). :func:`check_batch` then checks the rows
against the scheme and the units tree and moves the rejected ones to problems too, so a batch
can be taken whole (when it has no errors) or in part (its ``values``, with the problems as the
report of what was left out).

>>> import pandas as pd
>>> from dudao.scheme.model import Element
>>> batch = ValueBatch.of(
...     [("500105", "pupils", 2021, 1200.0, 2, ""), ("500105", "pupils", 2021, 9000.0, 3, ""),
...      ("999999", "pupils", 2021, 5.0, 4, "")],
...     source="values.csv", columns={"unit": 1, "element": 2, "period": 3, "value": 4})
>>> checked = check_batch(batch, [Element("pupils", "在校生数", unit="人", minimum=0, maximum=8000)],
...                       {"500105": "district"}, level_of={"pupils": "district"})
>>> for problem in checked.problems:
...     print(problem.location, problem.code, problem.message_zh)
values.csv:3:4 (value) out-of-range 在校生数：9000 超出允许范围 0 至 8000 人
values.csv:4:1 (unit) unknown-unit 单位“999999”不在本轮次的单位中
>>> checked.values[["unit", "element", "period", "value"]].to_dict("records")
[{'unit': '500105', 'element': 'pupils', 'period': 2021, 'value': 1200.0}]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from dudao.data.cell import Rejected, read_cell
from dudao.errors import Location, Problem, Severity, has_errors
from dudao.expr.ir import Type
from dudao.scheme.model import Element

FRAME_COLUMNS = ("unit", "element", "period", "value", "line", "cell", "text")
# unit, element, period, value, line, cell[, text]: the cell's text when its reading depends on
# the element (a yes/no word, a percent; see dudao.data.cell), else ""
Row = tuple[str, str, int, float | None, int, str] | tuple[str, str, int, float | None, int, str, str]


@dataclass(frozen=True)
class ValueBatch:
    """Values read from one file, long: ``unit, element, period, value`` (NaN: left empty),
    with ``line`` (text formats, else 0), ``cell`` (workbooks: ``sheet!C5``, else "") and
    ``text``: the cell's text when its reading depends on the element (a yes/no word, a
    percent), read again by :func:`check_batch` with :func:`dudao.data.cell.read_cell`."""

    values: pd.DataFrame
    problems: tuple[Problem, ...] = ()
    source: str = ""
    columns: Mapping[str, int] = field(default_factory=dict)  # field → column number (text formats)

    @classmethod
    def of(
        cls,
        rows: Iterable[Row],
        *,
        source: str = "",
        columns: Mapping[str, int] | None = None,
        problems: Iterable[Problem] = (),
    ) -> ValueBatch:
        return cls(frame_of(rows), tuple(problems), source, dict(columns or {}))

    @property
    def has_errors(self) -> bool:
        return has_errors(self.problems)

    def location(self, line: int, cell: str, field: str) -> Location:
        """Where a row's ``field`` is: ``file:line:col (field)`` or ``file (sheet!cell)``."""
        if cell:
            return Location(self.source, field=cell)
        return Location(self.source, line, self.columns.get(field, 0), field=field)

    def with_problems(self, kept: pd.Series | None, problems: Iterable[Problem]) -> ValueBatch:
        values = self.values if kept is None else self.values[kept].reset_index(drop=True)
        return replace(self, values=values, problems=(*self.problems, *problems))


def frame_of(rows: Iterable[Row]) -> pd.DataFrame:
    """The long frame of ``rows`` with the column types every importer gives."""
    full = [row if len(row) == len(FRAME_COLUMNS) else (*row, "") for row in rows]
    frame = pd.DataFrame(full, columns=list(FRAME_COLUMNS))
    return typed_frame(frame)


def typed_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit": frame["unit"].astype(str),
            "element": frame["element"].astype(str),
            "period": frame["period"].astype("int64"),
            "value": pd.to_numeric(frame["value"], errors="coerce").astype("float64"),
            "line": frame["line"].astype("int64"),
            "cell": frame["cell"].astype(str),
            "text": frame["text"].astype(str) if "text" in frame else pd.Series("", index=frame.index),
        }
    )


def check_batch(
    batch: ValueBatch,
    elements: Iterable[Element],
    unit_levels: Mapping[str, str | None],
    *,
    level_of: Mapping[str, str] | None = None,
    periods: Iterable[int] | None = None,
) -> ValueBatch:
    """Move every row the round cannot take to problems: an unknown unit or element, a value
    entered at the wrong level, a period the round does not collect, a yes/no element that is
    not 0 or 1, a value outside the element's range, and a second value for the same key.

    ``unit_levels``: unit code → its level ("school", "district", …); a level of None accepts
    any element. ``level_of``: element code → the level that enters it (default: the element's).
    """
    by_code = {e.code: e for e in elements}
    levels = dict(level_of or {code: e.level.value for code, e in by_code.items()})
    frame = batch.values
    problems: list[Problem] = []
    bad = np.zeros(len(frame), dtype=bool)

    def reject(mask: np.ndarray, code: str, field: str, variant: str = "", **fields: Any) -> None:
        """The problem ``code`` at each row of ``mask`` not refused yet, filled from the row."""
        nonlocal bad
        fresh = mask & ~bad
        for row in frame[fresh].itertuples(index=False):
            words = row._asdict()
            element = by_code.get(row.element)
            words["name"] = element.name if element else row.element
            words["value"] = f"{row.value:g}"
            words.update(fields)
            problems.append(
                Problem.of(code, batch.location(row.line, row.cell, field), variant=variant, **words)
            )
        bad |= mask

    elements_column = frame["element"]
    reject(
        ~frame["unit"].isin(unit_levels.keys()).to_numpy(),
        "unknown-unit",
        "unit",
        among_zh="本轮次的单位",
        among_en="the units of this round",
    )
    reject(~elements_column.isin(by_code.keys()).to_numpy(), "unknown-element", "element")
    if periods is not None:
        allowed = sorted(set(periods))
        years = "、".join(str(p) for p in allowed)
        reject(
            ~frame["period"].isin(allowed).to_numpy(),
            "bad-period",
            "period",
            variant="not-collected",
            years_zh=years,
            years_en=", ".join(map(str, allowed)),
        )
    wanted_level = elements_column.map(levels)
    unit_level = frame["unit"].map(unit_levels)
    wrong_level = (wanted_level.notna() & unit_level.notna() & (wanted_level != unit_level)).to_numpy()
    reject(wrong_level, "wrong-level", "element", variant="unit")
    conditional = (frame["text"] != "").to_numpy() & ~bad
    for index in np.flatnonzero(conditional):
        row = frame.iloc[index]
        read = read_cell(by_code[row["element"]], row["text"])
        if isinstance(read, Rejected):
            problems.append(read.problem(batch.location(row["line"], row["cell"], "value")))
            bad[index] = True
    values = frame["value"].to_numpy()
    entered = ~np.isnan(values)
    booleans = elements_column.isin([c for c, e in by_code.items() if e.type is Type.BOOL]).to_numpy()
    reject(booleans & entered & ~np.isin(values, (0.0, 1.0)), "bad-choice", "value", variant="yes-no")
    low = elements_column.map({c: e.minimum for c, e in by_code.items() if e.minimum is not None})
    high = elements_column.map({c: e.maximum for c, e in by_code.items() if e.maximum is not None})
    with np.errstate(invalid="ignore"):
        outside = entered & (
            (values < low.to_numpy(dtype="float64", na_value=-np.inf))
            | (values > high.to_numpy(dtype="float64", na_value=np.inf))
        )
    if outside.any():
        for code in sorted(set(elements_column[outside & ~bad])):
            element = by_code[code]
            span = _range_text(element)
            reject(
                outside & (elements_column == code).to_numpy(),
                "out-of-range",
                "value",
                variant="element",
                range_zh=f"{span} {element.unit}",
                range_en=f"{span.replace(' 至 ', ' to ')} {element.unit}",
            )
    key = ["unit", "element", "period"]
    duplicated = frame.duplicated(key, keep="first").to_numpy()
    if duplicated.any():
        reject(duplicated, "duplicate-row", "unit", variant="first-taken")
    if not problems:
        return batch
    problems.sort(key=lambda p: (p.location.line, p.location.field))
    return batch.with_problems(pd.Series(~bad, index=frame.index), problems)


def _range_text(element: Element) -> str:
    low = "-∞" if element.minimum is None else f"{element.minimum:g}"
    high = "∞" if element.maximum is None else f"{element.maximum:g}"
    return f"{low} 至 {high}"


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
