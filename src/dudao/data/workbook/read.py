"""Reading a filled template back: every cell checked, every problem at its ``sheet!cell``.

The workbook is read with calamine (a 50,000-school workbook in seconds). The hidden layout
sheet says which scheme, period and layout the template was written for; the structure is
checked against it (:mod:`.structure`), and each input cell is read as a person typed it
(:func:`dudao.data.cell.read_cell`: ``1,234``, ``是``/``否``). A cell formatted as percent holds
0.88 for 88%: it is read as 88 for an element whose unit is %, and refused for any other.
Before calamine lays a sheet out, :mod:`.archive` bounds the file and the sheet's area and finds
the formula cells it cannot read (no value saved, or an error such as ``#DIV/0!``).

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
>>> sheet["G6"], sheet["G7"] = "1,2", "是"  # 1,2 may mean 1.2: refused
>>> book.save(path)
>>> batch = read_workbook(path, scheme)
>>> batch.values[["unit", "element", "period", "value", "cell"]].values.tolist()
[['500105', 'leaders_report_edu', 2021, 1.0, 'A1 加强党对教育工作的全面领导!G7']]
>>> batch.problems[0].location.field, batch.problems[0].code
('A1 加强党对教育工作的全面领导!G6', 'not-a-number')
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine as calamine

from dudao.data.cell import Rejected, check_number, read_cell
from dudao.data.records import ValueBatch, typed_frame
from dudao.data.workbook import problems
from dudao.data.workbook.archive import Archive, SheetScan, open_archive, scan_sheet
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
from dudao.data.workbook.problems import area_problem
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
    book, archive, names, rows = opened
    with archive:
        return _read_sheets(book, archive, names, rows, scheme, period, file, progress, out)


def _read_sheets(
    book: calamine.CalamineWorkbook,
    archive: Opened,
    names: list[str],
    rows: Grid,
    scheme: Scheme,
    period: int | None,
    file: str,
    progress: Progress | None,
    out: _Collected,
) -> ValueBatch:
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
        scan = archive.scan(sheet.name)
        too_large = area_problem(file, sheet.name, scan, FIRST_ROW - 1 + len(sheet.rows), len(sheet.header))
        if too_large is not None:
            out.problems.append(too_large)
            continue
        grid = book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False)
        _read_sheet(layout, sheet, grid, scheme, file, out, scan)
        if progress is not None:
            progress(done, len(present))
    return out.batch(layout.period, file)


def _read_sheet(
    layout: Layout,
    sheet: SheetLayout,
    grid: Grid,
    scheme: Scheme,
    file: str,
    out: _Collected,
    scan: SheetScan,
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
        letter = column_letter(columns[column])
        element = elements.get(key)
        if not units_kind and element is None:
            out.problems.append(problems.unknown(file, f"{sheet.name}!{letter}{CODE_ROW}", key))
            continue
        inputs.append((columns[column], key, element, letter))
    limits = _limits(scheme)
    for expected, found in sorted(rows.items()):
        code, row, number = sheet.rows[expected], body[found], str(FIRST_ROW + found)
        row_element = elements.get(code)
        if units_kind and row_element is None:
            out.problems.append(problems.unknown(file, f"{sheet.name}!A{number}", code))
            continue
        width = len(row)
        for column, key, column_element, letter in inputs:
            raw = row[column] if column < width else ""
            ref = letter + number
            if ref in scan.errors or ref in scan.uncached:
                out.problems.append(problems.formula_cell(file, f"{sheet.name}!{ref}", scan.errors.get(ref)))
                continue
            if raw == "":
                continue
            element = row_element if units_kind else column_element
            assert element is not None
            result: float | Rejected | None
            if ref in scan.percent:  # 0.88 shown as 88%
                result = read_cell(element, raw, percent_format=True)
                if result is None:
                    continue
            elif type(raw) is float:  # most cells: a number typed as a number
                low, high, yes_no = limits[element.code]
                good = (raw == 0.0 or raw == 1.0) if yes_no else low <= raw <= high
                result = raw if good else check_number(element, raw)
            elif raw in _YES_NO and limits[element.code][2]:  # 是/否 picked from the drop-down
                result = _YES_NO[raw]
            else:
                result = read_cell(element, raw)
                if result is None:
                    continue
            if isinstance(result, Rejected):
                out.problems.append(problems.rejected(file, f"{sheet.name}!{ref}", element, result))
                continue
            out.units.append(key if units_kind else code)
            out.elements.append(code if units_kind else key)
            out.values.append(result)
            out.cells.append(f"{sheet.name}!{ref}")


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


class Opened:
    """The workbook's bounded zip archive, scanned sheet by sheet (:mod:`.archive`)."""

    def __init__(self, archive: zipfile.ZipFile, found: Archive) -> None:
        self.archive, self.found = archive, found

    def scan(self, sheet: str) -> SheetScan:
        entry = self.found.sheets.get(sheet)
        if entry is None or entry not in self.archive.namelist():
            return SheetScan()
        return scan_sheet(self.archive, entry, self.found.percent_styles)

    def __enter__(self) -> Opened:
        return self

    def __exit__(self, *exc: object) -> None:
        self.archive.close()


def _open(path: str | Path, file: str) -> tuple[calamine.CalamineWorkbook, Opened, list[str], Grid] | Problem:
    """The workbook, its bounded archive, its sheet names and its layout sheet's rows ([] when
    it has none); the archive's sizes and each sheet's area are checked before calamine reads."""
    try:
        with open(path, "rb") as handle:
            start = handle.read(8)
        if not start.startswith(b"PK"):  # every .xlsx is a zip file
            return problems.not_a_workbook(file, start, None)
        bounded = open_archive(path, file)
        if isinstance(bounded, Problem):
            return bounded
        opened = Opened(*bounded)
        try:
            book = calamine.CalamineWorkbook.from_path(str(path))
            names = book.sheet_names
            rows: Grid = []
            if META_SHEET in names:
                too_large = area_problem(file, META_SHEET, opened.scan(META_SHEET), 0, 0)
                if too_large is not None:
                    opened.archive.close()
                    return too_large
                rows = book.get_sheet_by_name(META_SHEET).to_python(skip_empty_area=False)
        except BaseException:
            opened.archive.close()
            raise
    except OSError as error:
        return problems.unreadable(file, error)
    except (*_ERRORS, zipfile.BadZipFile) as error:
        return problems.not_a_workbook(file, b"", error)
    return book, opened, names, rows
