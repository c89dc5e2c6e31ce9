"""The catalogue of problem codes (问题目录): every code once, with its severity and messages.

A :class:`~dudao.errors.Problem` is a value found in a user's input. Its code is one of the
codes below, each with a severity and a Chinese and an English message template whose
``{fields}`` the place that finds the problem fills in: :meth:`Problem.of
<dudao.errors.Problem.of>` makes a Problem from its entry, and a Problem whose code is not
catalogued is a bug, refused when it is made. ``docs/problems.md`` is written from this
catalogue (``python -m dudao.problems --write docs/problems.md``); a test keeps it up to date.

>>> CATALOGUE["unknown-unit"].en
'unit {unit!r} is not in {among_en}'
>>> CATALOGUE["element-not-in-scheme"].severity
'warning'

A scheme's own consistency checks fail as ``check-<code of the check>``: one family entry,
``check-*``, covers them. This module imports nothing from dudao: :mod:`dudao.errors` reads it.
"""

from __future__ import annotations

from pathlib import Path

from dudao.problems import (
    data,
    dhis2,
    documents,
    files,
    formulas,
    publication,
    rectification,
    review,
    schemes,
    survey,
    units,
    uploads,
    verification,
    workbook,
    yaml_files,
)
from dudao.problems.kinds import ERROR, WARNING, ProblemType

__all__ = ["CATALOGUE", "ERROR", "FAMILIES", "WARNING", "ProblemType", "kind_of", "markdown"]

_TYPES: tuple[ProblemType, ...] = (
    *files.TYPES,
    *uploads.TYPES,
    *yaml_files.TYPES,
    *schemes.TYPES,
    *formulas.TYPES,
    *data.TYPES,
    *workbook.TYPES,
    *dhis2.TYPES,
    *documents.TYPES,
    *survey.TYPES,
    *publication.TYPES,
    *rectification.TYPES,
    *review.TYPES,
    *verification.TYPES,
    *units.TYPES,
)

CATALOGUE: dict[str, ProblemType] = {kind.code: kind for kind in _TYPES}
# A family: the scheme declares its own consistency checks (``checks:``), each failing as
# ``check-<its code>``, with the severity and the message the scheme gives it.
FAMILIES = {kind.code[:-1]: kind for kind in _TYPES if kind.code.endswith("-*")}


def kind_of(code: str) -> ProblemType | None:
    """The catalogue's entry for ``code``, a family's for ``check-…``, or None.

    >>> kind_of("check-c1").code, kind_of("no-such-code")
    ('check-*', None)
    """
    found = CATALOGUE.get(code)
    if found is None:
        found = next((kind for prefix, kind in FAMILIES.items() if code.startswith(prefix)), None)
    return found


def markdown() -> str:
    """``docs/problems.md``: every code, by area, with its severity and messages."""
    lines = [
        "# Problems 问题目录",
        "",
        "Every problem dudao reports in a scheme, a data file, a workbook or a report has one of",
        "these codes. The messages are templates: `{…}` is filled in where the problem is found,",
        "and the place (file:line:col, sheet!cell or field) is given with it.",
        "",
        "This page is written from `src/dudao/problems/` by",
        "`python -m dudao.problems --write docs/problems.md`; a test keeps it up to date.",
    ]
    for area in dict.fromkeys(kind.area for kind in _TYPES):
        lines += ["", f"## {area}", "", "| code | severity | 中文 | English |", "|---|---|---|---|"]
        for kind in (k for k in _TYPES if k.area == area):
            zh, en = (t.replace("|", "\\|") for t in (kind.zh, kind.en))
            severity = " or ".join(kind.severities)
            lines.append(f"| `{kind.code}` | {severity} | {zh} | {en} |")
            for name, *texts in kind.variants:
                zh, en = (t.replace("|", "\\|") for t in texts)
                lines.append(f"| `{kind.code}` ({name}) | {severity} | {zh} | {en} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Write the catalogue of problems as Markdown.")
    parser.add_argument("--write", type=Path, help="the file to write (default: print it)")
    args = parser.parse_args(argv)
    if args.write is None:
        print(markdown(), end="")
    else:
        args.write.write_text(markdown(), encoding="utf-8")
