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
from dudao.errors import Location, Problem, Severity
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
    return Problem(
        "unknown-element",
        f"数据项代码“{code}”不在当前评价方案中（模板生成后方案已修改）；请重新下载模板",
        f"element {code!r} is not in the scheme (it changed after the template was written); "
        "download the template again",
        Location(file, field=cell),
    )


def scheme_problems(layout: Layout, scheme: Scheme, period: int | None, file: str) -> list[Problem]:
    where = Location(file, field=f"{META_SHEET}!A1")
    if layout.scheme != scheme.info.code:
        return [
            Problem(
                "wrong-scheme",
                f"这份模板属于方案“{layout.title or layout.scheme}”（{layout.scheme}），"
                f"不是“{scheme.label}”（{scheme.info.code}）；请下载本方案的模板",
                f"this template is for scheme {layout.scheme!r}, not {scheme.info.code!r}; "
                "download this scheme's template",
                where,
            )
        ]
    if period is not None and period != layout.period:
        return [
            Problem(
                "wrong-period",
                f"这份模板填报的是 {layout.period} 年度数据，本次导入只接受 {period} 年度；"
                f"请下载 {period} 年度的模板",
                f"this template holds {layout.period} data; this import takes only {period}. "
                f"Download the {period} template",
                where,
            )
        ]
    if layout.digest and layout.digest != scheme.digest:
        return [
            Problem(
                "scheme-changed",
                "模板生成后评价方案已修改；仍按代码导入，但建议重新下载模板",
                "the scheme changed after this template was written; values are read by their codes, "
                "but downloading the template again is advised",
                where,
                Severity.WARNING,
            )
        ]
    return []


def not_a_workbook(file: str, start: bytes, error: Exception | None) -> Problem:
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        zh, en = (
            "这是旧版 .xls 文件，请在 Excel 中“另存为”.xlsx 后再上传",
            "this is an old .xls file; save it as .xlsx",
        )
    elif error is None:
        zh, en = "文件内容不是 .xlsx 格式", "its content is not in the .xlsx format"
    else:
        zh, en = f"文件已损坏，无法打开（{error}）", f"it is damaged and cannot be opened ({error})"
    return Problem(
        "not-xlsx",
        f"不是 Excel 工作簿（.xlsx）：{zh}。请上传从本系统下载、填写后保存的 .xlsx 模板",
        f"not an Excel workbook (.xlsx): {en}. Upload the .xlsx template downloaded from dudao, filled in",
        Location(file),
    )


def unreadable(file: str, error: OSError) -> Problem:
    return Problem(
        "unreadable-file",
        f"无法读取文件（{error.strerror or error}）",
        f"the file cannot be read ({error.strerror or error})",
        Location(file),
    )


def not_ours(file: str, scheme: Scheme) -> Problem:
    return Problem(
        "not-our-workbook",
        f"这不是本系统的填报模板（缺少模板信息，或模板信息已损坏）。可以导入的是：从本系统下载的“{scheme.label}”"
        "填报模板（命令 dudao template 或网页“下载模板”），填写后原样上传；"
        "或者 CSV/JSON 长表（unit, element, period, value 四列）",
        f"this is not a dudao template (its layout sheet is missing or damaged). Accepted: the template of "
        f"{scheme.info.code!r} downloaded from dudao (dudao template, or the web page), filled in; "
        "or a long CSV/JSON file (unit, element, period, value)",
        Location(file),
    )


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
    return Problem(
        "sheet-too-large",
        f"工作表“{sheet}”的{zh_what}远在填报区域之外（{zh_room}），读取它需要铺开 {last_rows:,} 行 × "
        f"{last_columns:,} 列；请删除该处的内容（或整行、整列）后重新保存上传",
        f"sheet {sheet!r} has {en_what} far outside the area to fill ({en_room}); reading it would lay out "
        f"{last_rows:,} rows × {last_columns:,} columns. Delete what is there (or the whole rows and "
        "columns), save and upload again",
        Location(file, field=where),
    )


def formula_cell(file: str, cell: str, error: str | None) -> Problem:
    """A formula cell whose value cannot be read: an error Excel computed, or no value saved."""
    if error is not None:
        zh = f"单元格是公式，计算结果为错误 {error}；请改正公式或直接填写数字"
        en = f"the cell is a formula whose result is the error {error}; correct it or enter the number"
        return Problem("formula-error", zh, en, Location(file, field=cell))
    zh = (
        "单元格是公式，但文件中没有保存计算结果（由其他软件生成、未经 Excel 计算）；"
        "请在 Excel 中打开并保存一次，或直接填写数字"
    )
    en = (
        "the cell is a formula with no computed value saved in the file (written by another program, "
        "never calculated); open and save it in Excel, or enter the number"
    )
    return Problem("formula-not-computed", zh, en, Location(file, field=cell))
