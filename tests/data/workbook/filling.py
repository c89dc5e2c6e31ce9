"""Filling a template the way a person would, with openpyxl: numbers, 是/否, "1,234"."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from dudao.data.workbook.layout import FIRST_ROW
from dudao.expr.ir import Type
from dudao.scheme.model import Element


def rows_by_code(sheet: Worksheet) -> dict[str, int]:
    """Column A's codes from the first data row down → their row numbers."""
    found = {}
    for row in range(FIRST_ROW, sheet.max_row + 1):
        code = sheet.cell(row, 1).value
        if code:
            found[str(code)] = row
    return found


def typed(element: Element, n: int) -> tuple[object, float | None]:
    """What a person types into ``element``'s cell (the n-th one filled), and the value it means;
    every fourth cell is left empty (None, None)."""
    if element.type is Type.BOOL:
        return ("是", 1.0) if n % 2 else ("否", 0.0)
    low = element.minimum or 0.0
    span = (element.maximum - low) if element.maximum is not None else 100_000.0
    whole = low + (n * 7919) % max(int(span), 1)
    kind = n % 4
    if kind == 0:
        return int(whole), float(whole)
    if kind == 1:
        value = min(whole + 0.5, low + span)
        return value, value
    if kind == 2:
        return f"{int(whole):,}", float(whole)
    return None, None
