"""The one exception hierarchy of dudao.

Problems in a user's input (a scheme, a data file, a formula) are *values*: they are
collected as :class:`Problem` objects and returned in a report. Exceptions are for bugs,
for I/O, and for stopping a pipeline whose input has problems::

    DudaoError
     ├── InputError            input has problems; carries the list of Problem values
     │    ├── SchemeError      a scheme file cannot be used
     │    ├── DataError        a dataset cannot be used
     │    └── ReportError      a narrative report cannot be read (missing, unsupported, no text)
     ├── FormulaError          one formula cannot be parsed or typed (position + caret)
     ├── UnknownFormat         a file's exchange format cannot be told or is not supported
     ├── MappingNeeded         a DHIS2 file was given without its mapping file
     ├── BackendError          an evaluation backend failed or cannot run an operation
     │    └── OperationNotSupported
     ├── DocumentError         an official document cannot be written (e.g. no CJK font)
     ├── AppendOnlyError       code tried to change or delete an audit log entry
     └── BackupError           a backup cannot be written or restored (damaged, newer, not empty)

Every problem code, with its severity and its message templates, is catalogued once in
:mod:`dudao.problems`; a :class:`Problem` with a code not catalogued there is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import get_close_matches
from enum import Enum
from typing import Any

from dudao.problems import CATALOGUE, kind_of


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Location:
    """Where a problem is: a file with line and column (1-based), or a field path."""

    file: str = ""
    line: int = 0
    column: int = 0
    field: str = ""

    def __str__(self) -> str:
        text = self.file or "<input>"
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        if self.field:
            text += f" ({self.field})"
        return text


@dataclass(frozen=True)
class Problem:
    """One problem in a user's input, with a stable code and a bilingual message.

    >>> p = Problem("points-sum", "子项分值之和 9 不等于 10", "children sum to 9, not 10",
    ...             Location("s.yaml", 3, 5))
    >>> str(p)
    's.yaml:3:5: error[points-sum] 子项分值之和 9 不等于 10 / children sum to 9, not 10'
    """

    code: str
    message_zh: str
    message_en: str
    location: Location = field(default_factory=Location)
    severity: Severity = Severity.ERROR
    excerpt: str = ""

    def __post_init__(self) -> None:
        kind = kind_of(self.code)
        if kind is None:
            raise ValueError(f"problem code {self.code!r} is not in the catalogue (dudao.problems)")
        if self.severity.value not in kind.severities:
            raise ValueError(
                f"problem {self.code!r} is catalogued as {' or '.join(kind.severities)}, "
                f"not {self.severity.value} (dudao.problems)"
            )

    @classmethod
    def of(
        cls,
        code: str,
        location: Location | None = None,
        /,
        *,
        variant: str = "",
        excerpt: str = "",
        severity: Severity | None = None,
        **fields: Any,
    ) -> Problem:
        """The problem ``code`` of the catalogue at ``location``, its templates filled from ``fields``.

        Its severity is the catalogue's; ``severity`` chooses the other one where the catalogue
        allows two (a scheme's own checks say whether they are errors or warnings).

        >>> where = Location("values.csv", 7)
        >>> str(Problem.of("unknown-unit", where, unit="500199", among_zh="单位表", among_en="the units"))
        "values.csv:7: error[unknown-unit] 单位“500199”不在单位表中 / unit '500199' is not in the units"
        """
        kind = kind_of(code)
        if kind is None:
            raise ValueError(f"problem code {code!r} is not in the catalogue (dudao.problems)")
        zh, en = kind.templates(variant)
        return cls(
            code,
            zh.format(**fields),
            en.format(**fields),
            location or Location(),
            severity or Severity(kind.severity),
            excerpt,
        )

    def __str__(self) -> str:
        text = f"{self.location}: {self.severity.value}[{self.code}] {self.message_zh} / {self.message_en}"
        if self.excerpt:
            text += "\n" + self.excerpt
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "field": self.location.field,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
        }


def has_errors(problems: list[Problem] | tuple[Problem, ...]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


class DudaoError(Exception):
    """Base of every exception dudao raises on purpose."""


class InputError(DudaoError):
    """The input has problems; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], what: str = "input"):
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        first = str(errors[0]) if errors else ""
        super().__init__(f"{what} has {len(errors)} error(s); first: {first}")


class SchemeError(InputError):
    """A scheme file has errors and cannot be evaluated."""


class DataError(InputError):
    """A dataset has errors and cannot be evaluated."""


class ReportError(InputError):
    """A report that cannot be read: missing file, unsupported format, PDF without text."""


class UnknownFormat(DudaoError):
    """The format of a file cannot be told, or is not one the exchange reads."""

    def __init__(self, variant: str = "", **fields: Any) -> None:
        """Worded by the catalogue's ``unknown-format`` (one of its variants), ``fields`` filled."""
        zh, en = CATALOGUE["unknown-format"].templates(variant)
        self.message_zh = zh.format(**fields)
        self.message_en = en.format(**fields)
        super().__init__(self.message_zh)


class MappingNeeded(DudaoError):
    """A DHIS2 file was given without a mapping file."""


class FormulaError(DudaoError):
    """A formula cannot be parsed or typed. Carries the position and a caret excerpt."""

    def __init__(self, code: str, message_zh: str, message_en: str, text: str, offset: int):
        if code not in CATALOGUE:
            raise ValueError(f"problem code {code!r} is not in the catalogue (dudao.problems)")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.text = text
        self.offset = max(0, min(offset, len(text)))
        self.line, self.column = _line_col(text, self.offset)
        super().__init__(f"{self.line}:{self.column}: {message_en}\n{self.excerpt()}")

    @classmethod
    def of(cls, code: str, text: str, offset: int, /, *, variant: str = "", **fields: Any) -> FormulaError:
        """The catalogued problem ``code`` in formula ``text`` at ``offset``, templates filled."""
        zh, en = CATALOGUE[code].templates(variant)
        return cls(code, zh.format(**fields), en.format(**fields), text, offset)

    def excerpt(self) -> str:
        """The formula line with a caret under the offending character."""
        lines = self.text.split("\n")
        source_line = lines[self.line - 1] if lines else ""
        width = sum(2 if _is_wide(ch) else 1 for ch in source_line[: self.column - 1])
        return f"  {source_line}\n  {' ' * width}^"


class BackendError(DudaoError):
    """An evaluation backend failed."""


class OperationNotSupported(BackendError):
    """A backend cannot compute an IR operation."""


class DocumentError(DudaoError):
    """An official document cannot be written; the message says (zh / en) what to install or change."""


class AppendOnlyError(DudaoError):
    """Code tried to change or delete a row of an append-only table (the audit log): a bug, refused."""


class BackupError(DudaoError):
    """A backup cannot be written or restored; the message says (zh / en) why and what to do.
    Nothing was changed when it is raised."""


def suggestion(name: str, known: Iterable[str]) -> tuple[str, str]:
    """A "did you mean" for an unknown ``name``, in Chinese and English ("" when nothing is near).

    >>> suggestion("edu_budjet", ["edu_budget", "pupils"])
    ('，是否要写“edu_budget”？', "; did you mean 'edu_budget'?")
    """
    near = get_close_matches(name, list(known), n=1, cutoff=0.6)
    if not near:
        return "", ""
    return f"，是否要写“{near[0]}”？", f"; did you mean {near[0]!r}?"


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    return line, column


def _is_wide(ch: str) -> bool:
    """East-Asian wide characters take two terminal columns, so the caret must skip two."""
    import unicodedata

    return unicodedata.east_asian_width(ch) in ("W", "F")
