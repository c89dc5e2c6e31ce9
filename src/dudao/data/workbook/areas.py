"""The area sheets of a unit template 区县填报表: a sheet per area, a row per element.

Columns: A 代码, B 数据项, C 计量单位, D 填写要求, E 评价标准, then two columns per unit: last
year's value (grey, locked) and this year's input (yellow, unlocked). The code row (row 3)
holds each unit's code above both of its columns.

>>> from dudao.scheme.model import Element
>>> header_of(["500105", "500112"])
('单位代码', '', '', '', '', '500105', '500105', '500112', '500112')
>>> describe(Element("pupils", "在校生数", unit="人", minimum=0, maximum=8000))
('人', '0 至 8000 人')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from openpyxl import Workbook

from dudao.data.cell import allowed_text
from dudao.data.workbook.layout import FIRST_ROW, SheetLayout, column_letter
from dudao.data.workbook.style import cell, protect, validation_for
from dudao.engine.dataset import Unit
from dudao.engine.explain import standard_text
from dudao.expr.ir import Type
from dudao.scheme.groups import ElementGroup, element_readers
from dudao.scheme.model import Element, Scheme

FIXED = ("代码", "数据项", "计量单位", "填写要求", "评价标准")
_WIDTHS = (26, 34, 9, 18, 36)


def header_of(unit_codes: Sequence[str]) -> tuple[str, ...]:
    """The code row of an area sheet."""
    return ("单位代码", "", "", "", "", *(code for code in unit_codes for _ in range(2)))


def describe(element: Element) -> tuple[str, str]:
    """An element's 计量单位 and 填写要求 columns."""
    return element.unit, allowed_text(element)[0]


def write_area_sheet(
    book: Workbook,
    name: str,
    scheme: Scheme,
    group: ElementGroup,
    elements: Sequence[Element],
    units: Sequence[Unit],
    period: int,
    past: Mapping[tuple[str, str], float],
    heading: tuple[str, str],
) -> SheetLayout:
    """Write one area's sheet; ``past``: (unit, element) → last year's value."""
    sheet = book.create_sheet(name)
    for n, width in enumerate((*_WIDTHS, *(12, 14) * len(units))):
        sheet.column_dimensions[column_letter(n)].width = width
    sheet.freeze_panes = f"{column_letter(len(FIXED))}{FIRST_ROW}"
    protect(sheet)
    last = column_letter(len(FIXED) - 1)
    sheet.merged_cells.add(f"A1:{last}1")
    sheet.merged_cells.add(f"A2:{last}2")
    header = header_of([u.code for u in units])
    sheet.append([cell(sheet, f"{heading[0]}｜{group.code} {group.name}", "title")])
    sheet.append([cell(sheet, heading[1], "note")])
    sheet.append(
        [cell(sheet, header[0], "header"), *[None] * 4, *(cell(sheet, c, "code") for c in header[5:])]
    )
    names: list[object] = [cell(sheet, "单位名称", "header"), *[None] * 4]
    for n, unit in enumerate(units):
        at = len(FIXED) + 2 * n
        sheet.merged_cells.add(f"{column_letter(at)}4:{column_letter(at + 1)}4")
        names += [cell(sheet, unit.name, "header"), cell(sheet, None, "header")]
    sheet.append(names)
    years = (f"{period - 1} 年（上年）", f"{period} 年填报")
    sheet.append(
        [
            *(cell(sheet, h, "header") for h in FIXED),
            *(cell(sheet, y, "header") for _ in units for y in years),
        ]
    )
    readers = element_readers(scheme)
    for r, element in enumerate(elements, start=FIRST_ROW):
        standards = "\n".join(f"{i.code} {standard_text(i, scheme)}" for i in readers.get(element.code, ()))
        row: list[object] = [
            cell(sheet, element.code, "code"),
            cell(sheet, element.name, wrap=True),
            *(cell(sheet, text) for text in describe(element)),
            cell(sheet, standards or "用于否决、降等等规则", wrap=True),
        ]
        rule = validation_for(element)
        for n, unit in enumerate(units):
            row += [
                cell(sheet, _shown(element, past.get((unit.code, element.code))), "past"),
                cell(sheet, None, "input"),
            ]
            rule.add(f"{column_letter(len(FIXED) + 2 * n + 1)}{r}")
        sheet.append(row)
        sheet.data_validations.append(rule)
    inputs = tuple((len(FIXED) + 2 * n + 1, unit.code) for n, unit in enumerate(units))
    return SheetLayout(name, group.code, header, tuple(e.code for e in elements), inputs)


def _shown(element: Element, value: float | None) -> str | float | int | None:
    if value is None or value != value:  # NaN: the unit left it empty last year
        return None
    if element.type is Type.BOOL:
        return "是" if value else "否"
    return int(value) if float(value).is_integer() else value
