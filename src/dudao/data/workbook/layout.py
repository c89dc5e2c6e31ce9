"""Where everything is in a dudao workbook, and the hidden sheet that records it.

Every data sheet has the same frame: a title (row 1), a note (row 2), a code row (row 3), a
name row (row 4), a header row (row 5), then one data row per code from row 6, with the row's
code in column A. Two kinds of workbook fill that frame:

- ``units`` 区县填报表: a sheet per area; rows are elements, and each unit has a column of last
  year's values and an input column (its code in the code row).
- ``schools`` 学校填报表: one sheet; rows are schools, and each school-level element has an
  input column (its code in the code row).

The writer records the layout, as JSON, in a very hidden sheet (:data:`META_SHEET`), so that
the reader can tell a changed code, a deleted or inserted row and a renamed or extra sheet from the file
alone.

>>> layout = Layout("units", "cq-district-2022", "f121", 2021, (
...     SheetLayout("A1 组织领导", "A1", ("单位代码", "", "500105", "500105"),
...                 ("edu_group_meetings", "has_charter"), ((4, "500105"),)),))
>>> Layout.from_rows([list(row) for row in layout.to_rows()]) == layout
True
>>> layout.key("edu_group_meetings", "500105")  # a row's code, a column's key
('500105', 'edu_group_meetings')
>>> Layout.from_rows([["something else"]]) is None
True
>>> sheet_name("A9", "人民群众满意度[问卷]", set())
'A9 人民群众满意度(问卷)'
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass

FORMAT = "dudao-workbook"
VERSION = 1
META_SHEET = "_dudao"
INSTRUCTIONS_SHEET = "说明"
TITLE_ROW, NOTE_ROW, CODE_ROW, NAME_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4, 5, 6
UNITS, SCHOOLS = "units", "schools"
KINDS = (UNITS, SCHOOLS)
_PIECE = 30_000  # characters of the layout's JSON per cell (Excel holds 32,767 in a cell)
_FORBIDDEN = str.maketrans({"[": "(", "]": ")", ":": "：", "*": "＊", "?": "？", "/": "／", "\\": "＼"})


@dataclass(frozen=True)
class SheetLayout:
    name: str
    group: str  # the area's code (units), or "schools"
    header: tuple[str, ...]  # the code row as written, from column A
    rows: tuple[str, ...]  # column A from FIRST_ROW down: element codes (units) or school codes
    inputs: tuple[tuple[int, str], ...]  # (0-based column, key): unit code (units) or element code


@dataclass(frozen=True)
class Layout:
    kind: str  # UNITS or SCHOOLS
    scheme: str
    digest: str
    period: int
    sheets: tuple[SheetLayout, ...]
    title: str = ""  # the scheme as shown, for messages

    def key(self, row_code: str, column_key: str) -> tuple[str, str]:
        """The (unit, element) a data cell holds, from its row's code and its column's key."""
        return (column_key, row_code) if self.kind == UNITS else (row_code, column_key)

    def to_rows(self) -> Iterator[tuple[str | int, ...]]:
        """The rows of the hidden sheet: a header, then the layout as JSON, cut into pieces that
        fit in a cell (a province's school codes take a few hundred thousand characters)."""
        yield FORMAT, VERSION
        text = json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))
        for start in range(0, len(text), _PIECE):
            yield "layout", text[start : start + _PIECE]

    @classmethod
    def from_rows(cls, rows: Sequence[Sequence[object]]) -> Layout | None:
        """The layout the hidden sheet records, or None when it is not one this version wrote."""
        if not rows or [text_of(cell) for cell in rows[0][:2]] != [FORMAT, str(VERSION)]:
            return None
        text = "".join(str(row[1]) for row in rows[1:] if len(row) > 1 and row[0] == "layout")
        try:
            data = json.loads(text)
            layout = cls(
                str(data["kind"]),
                str(data["scheme"]),
                str(data["digest"]),
                int(data["period"]),
                tuple(
                    SheetLayout(
                        str(sheet["name"]),
                        str(sheet["group"]),
                        tuple(str(code) for code in sheet["header"]),
                        tuple(str(code) for code in sheet["rows"]),
                        tuple((int(column), str(key)) for column, key in sheet["inputs"]),
                    )
                    for sheet in data["sheets"]
                ),
                str(data.get("title", "")),
            )
        except (KeyError, TypeError, ValueError):  # damaged: not JSON, or not this shape
            return None
        return layout if layout.kind in KINDS else None


def text_of(cell: object) -> str:
    """A cell as the text of a code: numbers without ``.0`` (a code Excel turned into a number)."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if cell is None:
        return ""
    return str(cell).strip()


def sheet_name(code: str, name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of ``[]:*?/\\``), unique among ``taken``."""
    base = f"{code} {name}".strip().translate(_FORBIDDEN)[:31].strip("'")
    candidate, n = base, 2
    while candidate.lower() in {t.lower() for t in taken}:
        suffix = f"~{n}"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def column_letter(index: int) -> str:
    """The letters of a 0-based column: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
