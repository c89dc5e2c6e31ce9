"""The problems of a whole workbook or of one cell, in Chinese and English, saying what would be
accepted.

>>> problem = not_a_workbook("notes.xlsx", b"hello", None)
>>> problem.code, str(problem.location)
('not-xlsx', 'notes.xlsx')
>>> print(problem.message_zh)
不是 Excel 工作簿（.xlsx）：文件内容不是 .xlsx 格式。请上传从本系统下载、填写后保存的 .xlsx 模板
"""

from __future__ import annotations

from dudao.data.cell import Rejected, allowed_text
from dudao.data.workbook.archive import SheetScan
from dudao.data.workbook.layout import META_SHEET, Layout
from dudao.errors import Location, Problem
from dudao.limits import limit
from dudao.scheme.model import Element, Scheme


def rejected(file: str, cell: str, element: Element, rejected: Rejected) -> Problem:
    where = Location(file, field=cell)
    if rejected.code != "not-a-number":
        return rejected.problem(where)
    allowed_zh, allowed_en = allowed_text(element)
    return Problem.of(
        "not-a-number",
        where,
        variant="in-cell",
        message_zh=rejected.message_zh,
        message_en=rejected.message_en,
        allowed_zh=allowed_zh,
        allowed_en=allowed_en,
    )


def unknown(file: str, cell: str, code: str) -> Problem:
    return Problem.of("unknown-element", Location(file, field=cell), variant="template", element=code)


def scheme_problems(layout: Layout, scheme: Scheme, period: int | None, file: str) -> list[Problem]:
    where = Location(file, field=f"{META_SHEET}!A1")
    if layout.scheme != scheme.info.code:
        return [
            Problem.of(
                "wrong-scheme",
                where,
                title=layout.title or layout.scheme,
                scheme=layout.scheme,
                label=scheme.label,
                code=scheme.info.code,
            )
        ]
    if period is not None and period != layout.period:
        return [Problem.of("wrong-period", where, period=layout.period, wanted=period)]
    if layout.digest and layout.digest != scheme.digest:
        return [Problem.of("scheme-changed", where)]
    return []


def not_a_workbook(file: str, start: bytes, error: Exception | None) -> Problem:
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        return Problem.of("not-xlsx", Location(file), variant="xls")
    if error is None:
        return Problem.of("not-xlsx", Location(file))
    return Problem.of("not-xlsx", Location(file), variant="damaged", error=error)


def unreadable(file: str, error: OSError) -> Problem:
    return Problem.of("unreadable-file", Location(file), reason=error.strerror or error)


def not_ours(file: str, scheme: Scheme) -> Problem:
    return Problem.of("not-our-workbook", Location(file), label=scheme.label, code=scheme.info.code)


def area_problem(file: str, sheet: str, scan: SheetScan, rows: int, columns: int) -> Problem | None:
    """Why a sheet is refused before it is laid out in memory, or None: it reaches too far (the
    reader lays out every cell from A1 to the last one), beyond the template's ``rows`` and
    ``columns`` (0: not a template sheet) by more than the bounds of :mod:`dudao.limits`."""
    last_rows, last_columns = scan.area()
    most_rows = rows + limit("MAX_EXTRA_ROWS") if rows else None
    most_columns = columns + limit("MAX_EXTRA_COLUMNS") if columns else None
    too_far = (most_rows is not None and last_rows > most_rows) or (
        most_columns is not None and last_columns > most_columns
    )
    if not too_far and last_rows * last_columns <= limit("MAX_SHEET_CELLS"):
        return None
    declared = scan.declared and (scan.declared_rows, scan.declared_columns) == (last_rows, last_columns)
    if declared and (scan.last_row, scan.last_column) != (last_rows, last_columns):
        where, zh_what, en_what = (
            f"{sheet}!A1",
            f"声明的范围 {scan.declared}",
            f"its declared range {scan.declared}",
        )
    else:
        rows_too_far = most_rows is not None and scan.last_row > most_rows
        if not rows_too_far and most_columns is None:
            rows_too_far = scan.last_row >= scan.last_column
        far = scan.row_cell if rows_too_far or not scan.column_cell else scan.column_cell
        where, zh_what, en_what = f"{sheet}!{far}", f"单元格 {far}", f"cell {far}"
    if rows:
        zh_room = f"模板只有 {rows} 行、{columns} 列"
        en_room = f"the template has {rows} rows and {columns} columns"
    else:
        zh_room = f"整张表最多 {limit('MAX_SHEET_CELLS'):,} 个单元格"
        en_room = f"a sheet may span at most {limit('MAX_SHEET_CELLS'):,} cells"
    return Problem.of(
        "sheet-too-large",
        Location(file, field=where),
        sheet=sheet,
        what_zh=zh_what,
        what_en=en_what,
        room_zh=zh_room,
        room_en=en_room,
        rows=f"{last_rows:,}",
        columns=f"{last_columns:,}",
    )


def formula_cell(file: str, cell: str, error: str | None) -> Problem:
    """A formula cell whose value cannot be read: an error Excel computed, or no value saved."""
    if error is not None:
        return Problem.of("formula-error", Location(file, field=cell), error=error)
    return Problem.of("formula-not-computed", Location(file, field=cell))
