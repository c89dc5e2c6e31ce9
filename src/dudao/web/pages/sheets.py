"""The results pages' tables as Excel workbooks 导出Excel: one sheet per table, headers in Chinese.

Each sheet opens with a line saying what it is (the round, the year, frozen or as the data stands
now) and, for a sample scheme, that the numbers are 示例数据; then the header row, frozen, then
the rows. A page builds its :class:`Sheet` from the same rows it shows, so the workbook and the
page cannot disagree.

>>> import io
>>> from openpyxl import load_workbook
>>> data = workbook([Sheet("排名", ("单位", "总分"), [("甲区", 91.5)])], caption="2021年评价", sample=True)
>>> rows = list(load_workbook(io.BytesIO(data)).active.values)
>>> rows[0][0], rows[1][0][:5], rows[2], rows[3]
('2021年评价', '示例数据：', ('单位', '总分'), ('甲区', 91.5))
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

Cell = str | int | float | None
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SAMPLE_FILL = PatternFill("solid", fgColor="FFF4D6")
MOST_WIDTH = 60


@dataclass(frozen=True)
class Sheet:
    """One table: its sheet's name (at most 31 characters), headers and rows."""

    title: str
    headers: tuple[str, ...]
    rows: Sequence[Sequence[Cell]]


def sample_note() -> str:
    return _("示例数据：本轮次使用示例方案，数值仅供演示，不代表真实评价结果。")


def _width(value: Cell) -> int:
    """Display width: a Chinese character counts double."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def workbook(sheets: Sequence[Sheet], *, caption: str, sample: bool) -> bytes:
    """The sheets as an .xlsx file's bytes."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.title[:31])
        ws.append([caption])
        ws["A1"].font = Font(bold=True)
        if sample:
            ws.append([sample_note()])
            ws["A2"].fill = SAMPLE_FILL
        header_row = ws.max_row + 1
        ws.append(list(sheet.headers))
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        for row in sheet.rows:
            ws.append(list(row))
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        for index, header in enumerate(sheet.headers, start=1):
            widest = max([_width(header), *(_width(r[index - 1]) for r in sheet.rows[:500])])
            ws.column_dimensions[get_column_letter(index)].width = min(MOST_WIDTH, widest + 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
