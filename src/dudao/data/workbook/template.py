"""Writing an Excel template 填报模板 for a period: the instructions, the data sheets, the layout.

A unit template has a sheet per area 一级指标 for the elements the evaluated units enter (one
input column per unit, or one when ``unit`` is given); a school template (``schools=True``)
has one sheet with a row per school (of ``unit``, or all). Either way the first sheet is 说明,
the structure is protected, and a very hidden sheet records the layout for the reader.

>>> import io
>>> from dudao.samples import bundled_dataset, bundled_scheme_path
>>> from dudao.scheme import load_scheme
>>> scheme, _ = load_scheme(bundled_scheme_path())
>>> layout = write_template(scheme, bundled_dataset(), 2021, io.BytesIO(), unit="500105")
>>> layout.kind, layout.period, layout.sheets[0].name, layout.sheets[0].inputs
('units', 2021, 'A1 加强党对教育工作的全面领导', ((6, '500105'),))
>>> schools = write_template(scheme, bundled_dataset(), 2021, io.BytesIO(), unit="500105", schools=True)
>>> schools.sheets[0].name, len(schools.sheets[0].rows), schools.sheets[0].inputs[0]
('学校数据', 212, (3, 'has_party_org'))
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection

from dudao.data.workbook.areas import write_area_sheet
from dudao.data.workbook.instructions import instruction_lines, write_instructions
from dudao.data.workbook.layout import (
    FIRST_ROW,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    SCHOOLS,
    UNITS,
    Layout,
    SheetLayout,
    column_letter,
    sheet_name,
)
from dudao.data.workbook.schools import write_school_sheet
from dudao.data.workbook.style import text
from dudao.engine.dataset import SCHOOL_LEVEL, Dataset, Unit
from dudao.errors import DataError, Problem
from dudao.expr.ir import Level
from dudao.scheme.groups import RULES_GROUP, element_groups
from dudao.scheme.model import Scheme


def write_template(
    scheme: Scheme,
    dataset: Dataset,
    period: int,
    out: str | Path | BinaryIO,
    *,
    unit: str | None = None,
    schools: bool = False,
) -> Layout:
    """Write the template of ``period`` to ``out`` (a path or a binary file) and return its layout.

    Raises :class:`~dudao.errors.DataError` when ``unit`` is not a unit the template can serve.
    """
    book = Workbook(write_only=True)
    book.security = WorkbookProtection(lockStructure=True)
    instructions = book.create_sheet(INSTRUCTIONS_SHEET)  # first; written last, once the layout is known
    sample = f"（{dataset.label}）" if "示例" in dataset.label else ""
    heading = (
        scheme.label,
        f"{period} 年度数据。只在黄色单元格中填写；不要修改代码、行、列和工作表。{sample}",
    )
    if schools:
        sheets, who = _school_sheets(book, scheme, dataset, unit, heading)
    else:
        sheets, who = _area_sheets(book, scheme, dataset, period, unit, heading)
    kind = SCHOOLS if schools else UNITS
    layout = Layout(kind, scheme.info.code, scheme.digest, period, tuple(sheets), scheme.label)
    example = f"{INSTRUCTIONS_SHEET}!A1"
    if sheets and sheets[0].inputs:
        example = f"{sheets[0].name}!{column_letter(sheets[0].inputs[0][0])}{FIRST_ROW}"
    lines = instruction_lines(kind, period, scheme.label, dataset.label, who, example)
    write_instructions(instructions, lines)
    meta = book.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    for row in layout.to_rows():
        meta.append([text(meta, v) if isinstance(v, str) else v for v in row])
    book.save(out)
    return layout


def _area_sheets(
    book: Workbook, scheme: Scheme, dataset: Dataset, period: int, unit: str | None, heading: tuple[str, str]
) -> tuple[list[SheetLayout], str]:
    """A sheet per area with unit-level elements; and who fills them in, for the 说明 sheet."""
    units = _units(dataset, scheme.info.evaluates, unit)
    past = _past(dataset, period - 1)
    taken = {INSTRUCTIONS_SHEET, META_SHEET}
    sheets = []
    for group in element_groups(scheme):
        elements = [e for e in group.elements if e.level is Level.UNIT]
        if elements:
            name = sheet_name(group.code if group.code != RULES_GROUP else "", group.name, taken)
            sheets.append(write_area_sheet(book, name, scheme, group, elements, units, period, past, heading))
    who = "、".join(f"{u.name}（{u.code}）" for u in units[:3])
    return sheets, who + (f" 等 {len(units)} 个单位" if len(units) > 3 else "")


def _school_sheets(
    book: Workbook, scheme: Scheme, dataset: Dataset, unit: str | None, heading: tuple[str, str]
) -> tuple[list[SheetLayout], str]:
    chosen = _schools(dataset, unit)
    parents = _parent_names(dataset, chosen, scheme.info.evaluates)
    elements = [e for g in element_groups(scheme) for e in g.elements if e.level is Level.SCHOOL]
    sheet = write_school_sheet(book, elements, chosen, parents, heading)
    who = dataset.unit_by_code[unit].name if unit else "全部学校"
    return [sheet], f"{who}（{len(chosen)} 所学校）"


def _units(dataset: Dataset, level: str, unit: str | None) -> list[Unit]:
    if unit is None:
        return dataset.units_at(level)
    found = dataset.unit_by_code.get(unit)
    if found is None or found.level != level:
        raise DataError([_not_a_unit(unit, level)], "template")
    return [found]


def _schools(dataset: Dataset, unit: str | None) -> list[Unit]:
    schools = dataset.units_at(SCHOOL_LEVEL)
    if unit is None:
        return schools
    found = dataset.unit_by_code.get(unit)
    if found is None:
        raise DataError([_not_a_unit(unit, "")], "template")
    if found.level == SCHOOL_LEVEL:
        return [found]
    under = dataset.ancestors_at([s.code for s in schools], found.level) == unit
    return [s for s, keep in zip(schools, under, strict=True) if keep]


def _parent_names(dataset: Dataset, schools: list[Unit], level: str) -> list[str]:
    codes = dataset.ancestors_at([s.code for s in schools], level)
    by_code = dataset.unit_by_code
    return [by_code[c].name if c in by_code else "" for c in codes]


def _past(dataset: Dataset, period: int) -> dict[tuple[str, str], float]:
    rows = dataset.values[dataset.values["period"] == period]
    keys = zip(rows["unit"], rows["element"], strict=True)
    return dict(zip(keys, rows["value"].astype(float), strict=True))


def _not_a_unit(unit: str, level: str) -> Problem:
    """``level``: the level the unit must be at ("" when any unit will do)."""
    if level:
        return Problem.of("unknown-unit", variant="template-level", unit=unit, level=level)
    return Problem.of("unknown-unit", variant="template", unit=unit, among_zh="数据", among_en="the data")
