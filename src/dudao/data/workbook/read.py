"""Reading a filled template back: every cell checked, every problem at its ``sheet!cell``.

The workbook is read with calamine (a 50,000-school workbook in seconds). The hidden layout
sheet says which scheme, period and layout the template was written for; the structure is
checked against it (:mod:`.structure`), and each input cell is read as a person typed it
(:func:`dudao.data.entered.read_entered`: ``1,234``, ``85.5%``, ``是``/``否``).

**Empty cells are skipped**, not imported as missing: an upload must never erase a value that
is already stored because a cell was left blank. Values are cleared in the web form instead.

The same file always gives the same batch, in sheet, row and column order.

>>> import io, pathlib, tempfile
>>> from openpyxl import load_workbook
>>> from dudao.samples import bundled_dataset, bundled_scheme_path
>>> from dudao.scheme import load_scheme
>>> from dudao.data.workbook.template import write_template
>>> scheme, _ = load_scheme(bundled_scheme_path())
>>> path = pathlib.Path(tempfile.mkdtemp()) / "江北区.xlsx"
>>> _ = write_template(scheme, bundled_dataset(), 2021, path, unit="500105")
>>> book = load_workbook(path)
>>> sheet = book["A1 加强党对教育工作的全面领导"]
>>> sheet["A6"].value, sheet["A7"].value
('edu_group_meetings', 'leaders_report_edu')
>>> sheet["G6"], sheet["G7"] = "1,2", "是"
>>> book.save(path)
>>> batch = read_workbook(path, scheme)
>>> batch.values[["unit", "element", "period", "value", "cell"]].values.tolist()
[['500105', 'edu_group_meetings', 2021, 12.0, 'A1 加强党对教育工作的全面领导!G6'],
 ['500105', 'leaders_report_edu', 2021, 1.0, 'A1 加强党对教育工作的全面领导!G7']]
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine as calamine

from dudao.data.entered import Rejected, check_number, read_entered
from dudao.data.records import ValueBatch, typed_frame
from dudao.data.workbook import problems
from dudao.data.workbook.layout import (
    CODE_ROW,
    FIRST_ROW,
    META_SHEET,
    UNITS,
    Layout,
    SheetLayout,
    column_letter,
    text_of,
)
from dudao.data.workbook.structure import Describe, align, column_problems, row_problems, sheet_problems
from dudao.errors import Problem, Severity
from dudao.expr.ir import Type
from dudao.scheme.model import Scheme

Progress = Callable[[int, int], None]  # (sheets read, sheets in all)
Grid = Sequence[Sequence[object]]
_YES_NO = {"是": 1.0, "否": 0.0}
_ERRORS = (calamine.CalamineError, calamine.ZipError, calamine.XmlError, calamine.PasswordError)


class _Collected:
    """The cleanly read cells, column by column, and the problems."""

    def __init__(self) -> None:
        self.units: list[str] = []
        self.elements: list[str] = []
        self.values: list[float] = []
        self.cells: list[str] = []
        self.problems: list[Problem] = []

    def batch(self, period: int, file: str) -> ValueBatch:
        n = len(self.values)
        frame = pd.DataFrame(
            {
                "unit": self.units,
                "element": self.elements,
                "period": np.full(n, period, dtype="int64"),
                "value": np.asarray(self.values, dtype="float64"),
                "line": np.zeros(n, dtype="int64"),
                "cell": self.cells,
            }
        )
        return ValueBatch(typed_frame(frame), tuple(self.problems), file)


def read_workbook(
    path: str | Path,
    scheme: Scheme,
    *,
    period: int | None = None,
    source: str | None = None,
    progress: Progress | None = None,
) -> ValueBatch:
    """The values of a filled template of ``scheme``; ``period``: the only period accepted (by
    default the template's); ``source``: the file's name in problems (default ``path``)."""
    file = source or str(path)
    out = _Collected()
    opened = _open(path, file)
    if isinstance(opened, Problem):
        out.problems.append(opened)
        return out.batch(0, file)
    book, names, rows = opened
    layout = Layout.from_rows(rows)
    if layout is None:
        out.problems.append(problems.not_ours(file, scheme))
        return out.batch(0, file)
    stop = problems.scheme_problems(layout, scheme, period, file)
    out.problems += stop
    if any(p.severity is Severity.ERROR for p in stop):
        return out.batch(layout.period, file)
    out.problems += sheet_problems(names, layout, file)
    present = [s for s in layout.sheets if s.name in names]
    for done, sheet in enumerate(present, start=1):
        grid = book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
        _read_sheet(layout, sheet, grid, scheme, file, out)
        if progress is not None:
            progress(done, len(present))
    return out.batch(layout.period, file)


def _read_sheet(
    layout: Layout, sheet: SheetLayout, grid: Grid, scheme: Scheme, file: str, out: _Collected
) -> None:
    header = [text_of(c) for c in grid[CODE_ROW - 1]] if len(grid) >= CODE_ROW else []
    while header and header[-1] == "":
        header.pop()
    body = grid[FIRST_ROW - 1 :]
    last = len(body)
    while last and all(c == "" for c in body[last - 1]):
        last -= 1
    codes = [text_of(row[0]) if row else "" for row in body[:last]]
    by_row, by_column = _describers(layout, scheme)
    columns, changes = align(sheet.header, header)
    out.problems += column_problems(file, sheet.name, changes, sheet.header, header, by_column)
    rows, changes = align(sheet.rows, codes)
    out.problems += row_problems(file, sheet.name, changes, sheet.rows, codes, by_row)
    elements = scheme.element_by_code
    units_kind = layout.kind == UNITS
    inputs = []  # (found column, column key, the column's element (schools), "sheet!C")
    for column, key in sheet.inputs:
        if column not in columns:
            continue
        prefix = f"{sheet.name}!{column_letter(columns[column])}"
        element = elements.get(key)
        if not units_kind and element is None:
            out.problems.append(problems.unknown(file, f"{prefix}{CODE_ROW}", key))
            continue
        inputs.append((columns[column], key, element, prefix))
    limits = _limits(scheme)
    for expected, found in sorted(rows.items()):
        code, row, number = sheet.rows[expected], body[found], str(FIRST_ROW + found)
        row_element = elements.get(code)
        if units_kind and row_element is None:
            out.problems.append(problems.unknown(file, f"{sheet.name}!A{number}", code))
            continue
        width = len(row)
        for column, key, column_element, prefix in inputs:
            raw = row[column] if column < width else ""
            if raw == "":
                continue
            element = row_element if units_kind else column_element
            assert element is not None
            result: float | Rejected | None
            if type(raw) is float:  # most cells: a number typed as a number
                low, high, yes_no = limits[element.code]
                good = (raw == 0.0 or raw == 1.0) if yes_no else low <= raw <= high
                result = raw if good else check_number(element, raw)
            elif raw in _YES_NO and limits[element.code][2]:  # 是/否 picked from the drop-down
                result = _YES_NO[raw]
            else:
                result = read_entered(element, raw if isinstance(raw, str | int | float) else str(raw))
                if result is None:
                    continue
            if isinstance(result, Rejected):
                out.problems.append(problems.rejected(file, prefix + number, element, result))
                continue
            out.units.append(key if units_kind else code)
            out.elements.append(code if units_kind else key)
            out.values.append(result)
            out.cells.append(prefix + number)


def _limits(scheme: Scheme) -> dict[str, tuple[float, float, bool]]:
    """Each element's (lowest, highest, yes/no): the quick test a number cell passes."""
    most = sys.float_info.max  # infinity fails it, so check_number names it
    return {
        e.code: (
            -most if e.minimum is None else e.minimum,
            most if e.maximum is None else e.maximum,
            e.type is Type.BOOL,
        )
        for e in scheme.elements
    }


def _describers(layout: Layout, scheme: Scheme) -> tuple[Describe, Describe]:
    """How to name a row's code and a column's code in messages."""

    def element(code: str) -> tuple[str, str]:
        found = scheme.element_by_code.get(code)
        name = f"（{found.name}）" if found else ""
        return f"数据项“{code}”{name}", f"element {code!r}"

    def unit(code: str) -> tuple[str, str]:
        return (f"单位“{code}”", f"unit {code!r}") if code else ("空白", "blank")

    def school(code: str) -> tuple[str, str]:
        return f"学校“{code}”", f"school {code!r}"

    return (element, unit) if layout.kind == UNITS else (school, element)


def _open(path: str | Path, file: str) -> tuple[calamine.CalamineWorkbook, list[str], Grid] | Problem:
    """The workbook, its sheet names and its layout sheet's rows ([] when it has none)."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(8)
        if not start.startswith(b"PK"):  # every .xlsx is a zip file
            return problems.not_a_workbook(file, start, None)
        book = calamine.CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        rows = (
            book.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False) if META_SHEET in names else []
        )
    except OSError as error:
        return problems.unreadable(file, error)
    except _ERRORS as error:
        return problems.not_a_workbook(file, b"", error)
    return book, names, rows
