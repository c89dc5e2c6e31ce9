"""The one exception hierarchy of dudao.

Problems in a user's input (a scheme, a data file, a formula) are *values*: they are
collected as :class:`Problem` objects and returned in a report. Exceptions are for bugs,
for I/O, and for stopping a pipeline whose input has problems::

    DudaoError
     ├── InputError            input has problems; carries the list of Problem values
     │    ├── SchemeError      a scheme file cannot be used
     │    └── DataError        a dataset cannot be used
     ├── FormulaError         one formula cannot be parsed or typed (position + caret)
     ├── BackendError          an evaluation backend failed or cannot run an operation
     │    └── OperationNotSupported
     └── DocumentError         an official document cannot be written (e.g. no CJK font)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


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


class FormulaError(DudaoError):
    """A formula cannot be parsed or typed. Carries the position and a caret excerpt."""

    def __init__(self, code: str, message_zh: str, message_en: str, text: str, offset: int):
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.text = text
        self.offset = max(0, min(offset, len(text)))
        self.line, self.column = _line_col(text, self.offset)
        super().__init__(f"{self.line}:{self.column}: {message_en}\n{self.excerpt()}")

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


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    return line, column


def _is_wide(ch: str) -> bool:
    """East-Asian wide characters take two terminal columns, so the caret must skip two."""
    import unicodedata

    return unicodedata.east_asian_width(ch) in ("W", "F")
