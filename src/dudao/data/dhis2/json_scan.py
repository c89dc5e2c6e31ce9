r"""Walk a DHIS2 ``dataValueSets`` JSON object one member, and one data value, at a time.

:meth:`Scanner.payload` returns the set-level members and the offset of each data value, so a
reader can decode the values one by one (in order, with :meth:`Scanner.position` giving each
one's line and column in linear time) instead of holding the whole tree in memory. It keeps
the offset of each member in :attr:`Scanner.members`, for messages about them.

>>> scanner = Scanner('{"period": "2021",\n "dataValues": [{"value": "1"},\n  {"value": "2"}]}')
>>> header, offsets = scanner.payload(None)
>>> header, [scanner.position(offset) for offset in offsets], scanner.decode(offsets[1])
({'period': '2021'}, [(2, 17), (3, 3)], {'value': '2'})
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

Progress = Callable[[int, int], None]  # (characters read, characters in all)
_SPACE = re.compile(r"[ \t\n\r]*")
# An integer of hundreds of digits is a float (infinite: refused at its place by the cell
# reader), not Python's ValueError for integers of more than 4,300 digits.
_DECODER = json.JSONDecoder(parse_int=lambda text: int(text) if len(text) <= 18 else float(text))


class NotAPayload(Exception):
    """The JSON is well formed but is not a dataValueSet: ``variant``, the wording of the
    catalogue's ``json-shape`` that says how; ``at``, the offset to report."""

    def __init__(self, variant: str, at: int) -> None:
        super().__init__(variant)
        self.variant, self.at = variant, at


class Scanner:
    """Walks the top-level object of a payload, decoding one member or data value at a time."""

    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0
        self._line, self._line_start, self._counted = 1, 0, 0
        self.members: dict[str, int] = {}  # the offset of each set-level member's value

    def payload(self, progress: Progress | None) -> tuple[dict[str, object], list[int]]:
        """The set-level members, and the offset of each data value (in order)."""
        header: dict[str, object] = {}
        offsets: list[int] | None = None
        if self._next("{") != "{":
            raise NotAPayload("data-value-set", self.at)
        if self._next("}") == "}":
            raise NotAPayload("empty-set", 0)
        while True:
            if self._peek() != '"':
                raise json.JSONDecodeError(
                    "Expecting property name enclosed in double quotes", self.text, self.at
                )
            key = str(self._value())
            self._expect(":")
            self._peek()
            self.members[key] = self.at
            if key == "dataValues":
                offsets = list(self._list(progress))
            else:
                header[key] = self._value()
            if self._expect(",}") == "}":
                break
        if self._peek():
            raise json.JSONDecodeError("Extra data", self.text, self.at)
        if offsets is None:
            raise NotAPayload("no-data-values", 0)
        return header, offsets

    def _list(self, progress: Progress | None) -> Iterator[int]:
        if self._peek() != "[":
            raise NotAPayload("data-values-list", self.at)
        self.at += 1
        if self._peek() == "]":
            self.at += 1
            return
        while True:
            self._peek()
            yield self.at
            self._value()
            if progress is not None:
                progress(self.at, len(self.text))
            if self._expect(",]") == "]":
                return

    def _peek(self) -> str:
        match = _SPACE.match(self.text, self.at)
        assert match is not None  # the pattern matches the empty string
        self.at = match.end()
        return self.text[self.at : self.at + 1]

    def _next(self, chars: str) -> str:
        char = self._peek()
        if char and char in chars:
            self.at += 1
        return char

    def _expect(self, chars: str) -> str:
        char = self._next(chars)
        if not char or char not in chars:
            wanted = " or ".join(repr(c) for c in chars)
            raise json.JSONDecodeError(f"Expecting {wanted}", self.text, self.at)
        return char

    def _value(self) -> object:
        self._peek()
        value, self.at = _DECODER.raw_decode(self.text, self.at)
        return value

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column of ``offset``; offsets must come in increasing order (linear in all)."""
        self._line += self.text.count("\n", self._counted, offset)
        newline = self.text.rfind("\n", self._counted, offset)
        if newline >= 0:
            self._line_start = newline + 1
        self._counted = offset
        return self._line, offset - self._line_start + 1

    def locate(self, offset: int) -> tuple[int, int]:
        """Line and column of any ``offset`` (a pass over the text before it: for a few offsets)."""
        return self.text.count("\n", 0, offset) + 1, offset - (self.text.rfind("\n", 0, offset) + 1) + 1

    def decode(self, offset: int) -> object:
        """The JSON value that starts at ``offset``."""
        return _DECODER.raw_decode(self.text, offset)[0]
