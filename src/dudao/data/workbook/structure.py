"""Checking a filled workbook's structure against the layout its hidden sheet records.

The codes in column A (rows) and in the code row (columns) are lined up with the recorded ones
(:func:`align`, a longest-common-subsequence match), so a deleted row, an inserted row and a
changed code are each told apart and named at their cell, and every other row is still found
by its code. Sheets are compared by name: an extra sheet and a missing one are both problems.

>>> mapping, changes = align(["a", "b", "c", "d"], ["a", "c", "x", "d", "e"])
>>> mapping
{0: 0, 2: 1, 3: 3}
>>> [(c.kind, c.expected, c.actual) for c in changes]
[('deleted', 1, None), ('inserted', None, 2), ('inserted', None, 4)]
>>> [(c.kind, c.expected, c.actual) for c in align(["a", "b"], ["a", "B"])[1]]
[('changed', 1, 1)]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from dudao.data.workbook.layout import (
    CODE_ROW,
    FIRST_ROW,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    Layout,
    column_letter,
)
from dudao.errors import Location, Problem, Severity

Describe = Callable[[str], tuple[str, str]]  # a code → how to name it, in Chinese and English


@dataclass(frozen=True)
class Change:
    kind: str  # deleted | inserted | changed
    expected: int | None  # index among the recorded codes
    actual: int | None  # index among the codes found


def align(expected: Sequence[str], actual: Sequence[str]) -> tuple[dict[int, int], list[Change]]:
    """Recorded index → found index for the codes that match, and the changes in between."""
    if len(expected) == len(actual) and all(e == a for e, a in zip(expected, actual, strict=True)):
        return {i: i for i in range(len(expected))}, []
    mapping: dict[int, int] = {}
    changes: list[Change] = []
    matcher = SequenceMatcher(None, list(expected), list(actual), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            mapping.update(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        changes += [Change("changed", i1 + k, j1 + k) for k in range(paired)]
        changes += [Change("deleted", i, None) for i in range(i1 + paired, i2)]
        changes += [Change("inserted", None, j) for j in range(j1 + paired, j2)]
    return mapping, changes


def sheet_problems(names: Sequence[str], layout: Layout, file: str) -> list[Problem]:
    """An extra sheet, a missing data sheet (errors) and a missing 说明 sheet (a warning)."""
    wanted = [s.name for s in layout.sheets]
    known = {INSTRUCTIONS_SHEET, META_SHEET, *wanted}
    missing = [name for name in wanted if name not in names]
    shown = "、".join(f"“{n}”" for n in [INSTRUCTIONS_SHEET, *wanted])
    problems = []
    for name in names:
        if name in known:
            continue
        renamed = f"；如果它是由{'、'.join(f'“{m}”' for m in missing)}改名而来，请改回原名" if missing else ""
        problems.append(
            Problem(
                "extra-sheet",
                f"多出工作表“{name}”：模板只有 {shown} 这些表，数据只能填在原有的表中，请删除该表{renamed}",
                f"extra sheet {name!r}: the template has only the sheets {', '.join(wanted)}; "
                "enter data in those and delete this one (or give it back its original name)",
                Location(file, field=f"{name}!A1"),
            )
        )
    for name in missing:
        problems.append(
            Problem(
                "missing-sheet",
                f"缺少工作表“{name}”：工作表不能删除或改名，请用原模板填写",
                f"sheet {name!r} is missing: sheets must not be deleted or renamed; "
                "fill in the original template",
                Location(file, field=f"{name}!A1"),
            )
        )
    if INSTRUCTIONS_SHEET not in names:
        problems.append(
            Problem(
                "missing-sheet",
                f"缺少“{INSTRUCTIONS_SHEET}”工作表（不影响导入）",
                f"the {INSTRUCTIONS_SHEET} (instructions) sheet is missing (the import is not affected)",
                Location(file, field=f"{INSTRUCTIONS_SHEET}!A1"),
                Severity.WARNING,
            )
        )
    return problems


def row_problems(
    file: str,
    sheet: str,
    changes: list[Change],
    expected: Sequence[str],
    actual: Sequence[str],
    describe: Describe,
) -> list[Problem]:
    """The problems of the rows (codes in column A) that do not line up with the template's."""
    out = []
    for change in changes:
        row = FIRST_ROW + (change.actual if change.actual is not None else change.expected or 0)
        where, where_en = f"第 {row} 行", f"row {row}"
        out.append(
            _problem(
                file, f"{sheet}!A{row}", change, expected, actual, describe, (where, where_en, "行", "row")
            )
        )
    return out


def column_problems(
    file: str,
    sheet: str,
    changes: list[Change],
    expected: Sequence[str],
    actual: Sequence[str],
    describe: Describe,
) -> list[Problem]:
    """The problems of the columns (codes in the code row) that do not line up."""
    out = []
    for change in changes:
        letter = column_letter(change.actual if change.actual is not None else change.expected or 0)
        where, where_en = f"第 {letter} 列", f"column {letter}"
        cell = f"{sheet}!{letter}{CODE_ROW}"
        out.append(
            _problem(file, cell, change, expected, actual, describe, (where, where_en, "列", "column"))
        )
    return out


def _problem(
    file: str,
    cell: str,
    change: Change,
    expected: Sequence[str],
    actual: Sequence[str],
    describe: Describe,
    words: tuple[str, str, str, str],
) -> Problem:
    where, where_en, noun, noun_en = words
    location = Location(file, field=cell)
    if change.kind == "deleted":
        was, was_en = describe(expected[change.expected or 0])
        return Problem(
            f"deleted-{noun_en}",
            f"{where}原为{was}，该{noun}已被删除或移走；请用原模板填写，不要删除或移动{noun}",
            f"{where_en} was {was_en}; it was deleted or moved. Fill in the original template "
            f"without deleting or moving {noun_en}s",
            location,
        )
    code = actual[change.actual or 0]
    if change.kind == "inserted":
        return Problem(
            f"inserted-{noun_en}",
            f"{where}不是模板中的{noun}（代码“{code}”）：模板不能插入或增加{noun}，请删除该{noun}",
            f"{where_en} is not in the template (code {code!r}): {noun_en}s cannot be inserted or added; "
            f"delete this {noun_en}",
            location,
        )
    was, was_en = describe(expected[change.expected or 0])
    wanted = expected[change.expected or 0]
    return Problem(
        "changed-code",
        f"代码被改动：应为{was}，现为“{code}”；代码不能修改，请改回“{wanted}”",
        f"the code was changed: it should be {was_en}, it is {code!r}; codes must not be changed, "
        f"put back {wanted!r}",
        location,
    )
