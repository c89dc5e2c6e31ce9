"""The sheet of a school template 学校填报表: a row per school, a column per school element.

Columns: A 学校代码, B 学校名称, C 所属单位, then one input column per school-level element,
its code in the code row (row 3), its name in row 4 and what it accepts in row 5. A province
has tens of thousands of schools, so the input cells are not written one by one: the input
columns are unlocked as whole columns and painted yellow over the table by a conditional format.

>>> header_of(["kg_enrolled", "is_private"])
('数据项代码', '', '', 'kg_enrolled', 'is_private')
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.dimensions import ColumnDimension

from dudao.data.cell import allowed_text
from dudao.data.workbook.layout import FIRST_ROW, SCHOOLS, SheetLayout, column_letter
from dudao.data.workbook.style import UNLOCKED, cell, protect, text, validation_for
from dudao.engine.dataset import Unit
from dudao.scheme.model import Element

SHEET = "学校数据"
FIXED = ("学校代码", "学校名称", "所属单位")
_YELLOW = PatternFill("solid", start_color="FFF2CC", end_color="FFF2CC")


def header_of(element_codes: Sequence[str]) -> tuple[str, ...]:
    """The code row of the school sheet."""
    return ("数据项代码", "", "", *element_codes)


def write_school_sheet(
    book: Workbook,
    elements: Sequence[Element],
    schools: Sequence[Unit],
    parents: Sequence[str],
    heading: tuple[str, str],
) -> SheetLayout:
    """Write the school sheet; ``parents``: each school's unit name (column C)."""
    sheet = book.create_sheet(SHEET)
    for n, width in enumerate((14, 30, 12)):
        sheet.column_dimensions[column_letter(n)].width = width
    for n in range(len(FIXED), len(FIXED) + len(elements)):
        letter = column_letter(n)
        dimension = ColumnDimension(sheet, index=letter, width=14)
        dimension.protection = UNLOCKED
        sheet.column_dimensions[letter] = dimension
    sheet.freeze_panes = f"{column_letter(len(FIXED))}{FIRST_ROW}"
    protect(sheet)
    sheet.merged_cells.add("A1:C1")
    sheet.merged_cells.add("A2:C2")
    header = header_of([e.code for e in elements])
    sheet.append([cell(sheet, f"{heading[0]}｜学校数据", "title")])
    sheet.append([cell(sheet, heading[1], "note")])
    sheet.append(
        [cell(sheet, header[0], "header"), None, None, *(cell(sheet, c, "code") for c in header[3:])]
    )
    names = (f"{e.name}（{e.unit}）" if e.unit else e.name for e in elements)
    sheet.append([cell(sheet, "数据项", "header"), None, None, *(cell(sheet, n, "header") for n in names)])
    sheet.append(
        [
            *(cell(sheet, h, "header") for h in FIXED),
            *(cell(sheet, allowed_text(e)[0], "header") for e in elements),
        ]
    )
    for school, parent in zip(schools, parents, strict=True):
        sheet.append([text(sheet, school.code), text(sheet, school.name), text(sheet, parent)])
    end = FIRST_ROW + max(len(schools), 1) - 1
    for n, element in enumerate(elements, start=len(FIXED)):
        rule = validation_for(element)
        rule.add(f"{column_letter(n)}{FIRST_ROW}:{column_letter(n)}{end}")
        sheet.data_validations.append(rule)
    if elements:
        span = f"{column_letter(len(FIXED))}{FIRST_ROW}:{column_letter(len(FIXED) + len(elements) - 1)}{end}"
        sheet.conditional_formatting.add(span, FormulaRule(formula=["TRUE"], fill=_YELLOW))
    inputs = tuple((n, e.code) for n, e in enumerate(elements, start=len(FIXED)))
    return SheetLayout(SHEET, SCHOOLS, header, tuple(s.code for s in schools), inputs)
