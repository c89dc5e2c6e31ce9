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
        problems.append(
            Problem.of(
                "extra-sheet",
                Location(file, field=f"{name}!A1"),
                variant="renamed" if missing else "",
                sheet=name,
                shown=shown,
                wanted=", ".join(wanted),
                missing="、".join(f"“{m}”" for m in missing),
            )
        )
    for name in missing:
        problems.append(Problem.of("missing-sheet", Location(file, field=f"{name}!A1"), sheet=name))
    if INSTRUCTIONS_SHEET not in names:
        problems.append(
            Problem.of(
                "missing-sheet",
                Location(file, field=f"{INSTRUCTIONS_SHEET}!A1"),
                variant="instructions",
                severity=Severity.WARNING,
                sheet=INSTRUCTIONS_SHEET,
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
    where, where_en, _, noun_en = words
    location = Location(file, field=cell)
    if change.kind == "deleted":
        was, was_en = describe(expected[change.expected or 0])
        return Problem.of(
            f"deleted-{noun_en}", location, where_zh=where, where_en=where_en, was_zh=was, was_en=was_en
        )
    code = actual[change.actual or 0]
    if change.kind == "inserted":
        return Problem.of(f"inserted-{noun_en}", location, where_zh=where, where_en=where_en, code=code)
    was, was_en = describe(expected[change.expected or 0])
    wanted = expected[change.expected or 0]
    return Problem.of("changed-code", location, was_zh=was, was_en=was_en, code=code, wanted=wanted)
