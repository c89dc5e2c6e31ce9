"""A filled school workbook of a given size, for ``exchange.py``: the school template of the
bundled district scheme for a generated province, every input cell filled with openpyxl (as a
person's copy of Excel would save it)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from common import snapshot_for
from dudao.data.snapshot import load_snapshot
from dudao.data.workbook import write_template
from dudao.data.workbook.layout import FIRST_ROW
from dudao.expr.ir import Type
from dudao.scheme.model import Scheme


def school_workbook(scheme: Scheme, schools: int, folder: Path) -> tuple[Path, int, dict[str, str | None]]:
    """The filled workbook, how many input cells it has, and the units' levels (for the check)."""
    snapshot, _facts = snapshot_for("province", schools=schools)
    dataset, problems = load_snapshot(snapshot)
    assert dataset is not None, problems
    template = folder / "template.xlsx"
    layout = write_template(scheme, dataset, scheme.info.period, template, schools=True)
    [sheet_layout] = layout.sheets
    book = load_workbook(template)
    sheet = book[sheet_layout.name]
    elements = scheme.element_by_code
    columns = [(index + 1, elements[key]) for index, key in sheet_layout.inputs if key in elements]
    cells = 0
    for row in range(FIRST_ROW, FIRST_ROW + len(sheet_layout.rows)):
        for column, element in columns:
            n = row * 31 + column
            if element.type is Type.BOOL:
                sheet.cell(row, column, "是" if n % 3 else "否")
            else:
                low = element.minimum or 0
                high = element.maximum if element.maximum is not None else low + 1000
                sheet.cell(row, column, int(low + n % max(int(high - low), 1)))
            cells += 1
    filled = folder / "filled.xlsx"
    book.save(filled)
    levels: dict[str, str | None] = {
        u.code: "school" if u.level == "school" else "unit" for u in dataset.units
    }
    return filled, cells, levels
