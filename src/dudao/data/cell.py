"""The one reader of a cell: a value as a person or a program wrote it, in any import format.

Every format reads its values through this module: long CSV and JSON, the Excel template, DHIS2
dataValueSets and ADX, dataset folders and the entry form (in the store). So the same text gives the same
number, or the same refusal, whatever the file it came in.

What is read, after Unicode NFKC (full-width ``１２３４`` is ``1234``, ``，`` is ``,``) and with a
leading apostrophe (Excel's "this is text" mark) dropped:

- a plain number: ``1234``, ``-0.5``, ``5.00105E+05``; thousands separators only where they
  group three digits (``1,234,567``; ``1,2`` is refused, it may mean 1.2);
- a percent, ``88%``: 88, but only for an element whose unit is ``%``;
- a yes/no word (:data:`YES_WORDS`, :data:`NO_WORDS`: ``是``/``否``, ``有``/``无``, ``true``/``false``,
  …): 1 or 0, but only for a yes/no element; in a number field it is refused, never stored as 0/1;
- nothing (an empty text, ``None``): ``None``, left empty.

Everything else is a :class:`Rejected` value that says, in Chinese and English, what is wrong
and what would be accepted: units (``15.67亿元``), approximations (``6000余``), placeholders
(``—``, ``/``), formulas (``=A1*2``), dates, text longer than :data:`MAX_CELL_CHARS`, numbers
that are not finite (``1e400``) or outside the element's range.

Some readings depend on the element (a yes/no word, a percent). A format that reads values
before it knows their elements (CSV, JSON, DHIS2) keeps the cell's text with the value, and
:func:`dudao.data.records.check_batch` reads that text again with :func:`read_cell` once the
element is known, so the outcome is the one the entry form or the workbook gives.

>>> from dudao.scheme.model import Element
>>> from dudao.expr.ir import Type
>>> pupils = Element("pupils", "在校生数", unit="人", minimum=0, maximum=8000)
>>> read_cell(pupils, " 1,234 "), read_cell(pupils, "１２"), read_cell(pupils, "'500")
(1234.0, 12.0, 500.0)
>>> read_cell(pupils, "") is None
True
>>> read_cell(pupils, "abc").message_zh
'在校生数：“abc”不是数字，请填写数字，如 1234 或 85.5'
>>> print(read_cell(pupils, "无").message_zh)
在校生数：“无”是是非词，本项应填数字（0 至 8000 人）；没有请填 0，不详请留空
>>> print(read_cell(pupils, 9000).message_en)
在校生数: 9000 is outside the allowed range, 0 to 8000 人
>>> read_cell(Element("p", "是否民办", type=Type.BOOL), "是")
1.0
>>> read_cell(Element("r", "巩固率", unit="%", maximum=100), "88%")
88.0
>>> allowed_text(pupils)
('0 至 8000 人', '0 to 8000 人')
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass

from dudao.errors import Location, Problem
from dudao.expr.ir import Type
from dudao.problems import CATALOGUE
from dudao.scheme.model import RATIO_SCALES, Element

YES_WORDS = frozenset({"是", "有", "yes", "y", "true", "t", "√", "✓"})
NO_WORDS = frozenset({"否", "无", "没有", "no", "n", "false", "f", "×", "✗"})
MAX_CELL_CHARS = 400  # longer is no number (1e-300 written out takes ~320; a million digits is refused)
PLACEHOLDERS = frozenset(
    {"-", "—", "–", "――", "——", "/", "\\", "…", "...", "n/a", "na", "null", "nan", "none"}
)

# A number as text with nothing to read but the digits: the fast path of the text formats.
PLAIN_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?")
_UNIT_SUFFIX = re.compile(
    r"[+-]?[\d.,]+\s*(万|亿|千|百|元|万元|亿元|人|所|个|间|平方米|m2|㎡|余|多|左右|以上|以下)+"
)

# What a cell may hold: text, a number, a yes/no (JSON, Excel), a date (Excel), None; anything
# else (a JSON object or list) is read as its text.
Entry = object


@dataclass(frozen=True)
class Rejected:
    """A cell that cannot be accepted; the messages say what would be.

    ``code``: ``not-a-number`` (text that is no number, nor a yes/no word in a yes/no field),
    ``yes-no-in-number`` (a yes/no word in a number field), ``percent-unit`` (a
    percent for an element whose unit is not %), ``formula-text``, ``date-not-number``,
    ``not-finite``, ``bad-choice`` (a number other than 1 or 0 for yes/no) or ``out-of-range``.
    """

    code: str
    message_zh: str
    message_en: str
    text: str  # the entry as it was typed, trimmed
    number: float | None = None  # the number read, when it was one

    def problem(self, where: Location) -> Problem:
        """The refusal as a problem at ``where`` (its messages are the catalogue's, filled)."""
        return Problem(self.code, self.message_zh, self.message_en, where)


@dataclass(frozen=True)
class Reading:
    """What a cell says before its element is known: a number, and whether that number holds
    only for some elements (``conditional``: a yes/no word, or a percent)."""

    number: float
    word: bool = False  # a yes/no word: 1 or 0, for a yes/no element only
    percent: bool = False  # written with % (or a workbook cell formatted as %): for a % element only

    @property
    def conditional(self) -> bool:
        return self.word or self.percent


def read_cell(
    element: Element | None, entry: Entry, *, percent_format: bool = False
) -> float | Rejected | None:
    """The number ``entry`` stands for in ``element`` (``None``: left empty), or why it is
    :class:`Rejected`. ``element`` None: a number field with no range and no unit.
    ``percent_format``: a workbook cell formatted as percent, whose stored 0.88 shows as 88%."""
    reading = parse_cell(entry, percent_format=percent_format)
    if reading is None or isinstance(reading, str):
        return None if reading is None else _rejected(element, reading, entry)
    return accept(element, reading, entry)


def parse_cell(entry: Entry, *, percent_format: bool = False) -> Reading | str | None:
    """The element-free reading of ``entry``; a string is the code of why it is refused."""
    if entry is None:
        return None
    if isinstance(entry, bool):
        return Reading(1.0 if entry else 0.0, word=True)
    if isinstance(entry, datetime.date | datetime.time | datetime.timedelta):
        return "date-not-number"
    if isinstance(entry, int | float):
        try:
            number = float(entry)
        except OverflowError:  # an int beyond the float range
            return "not-finite"
        if not math.isfinite(number):
            return "not-finite"
        return Reading(number * 100, percent=True) if percent_format else Reading(number)
    text = _normalised(str(entry))
    if text == "":
        return None
    lowered = text.lower()
    if lowered in YES_WORDS or lowered in NO_WORDS:
        return Reading(1.0 if lowered in YES_WORDS else 0.0, word=True)
    if len(text) > MAX_CELL_CHARS:
        return "too-long"
    if text.startswith("="):
        return "formula-text"
    percent = text.endswith("%")
    body = text[:-1].rstrip() if percent else text
    if not _NUMBER.fullmatch(body.lower()):
        if lowered in PLACEHOLDERS:
            return "placeholder"
        if _UNIT_SUFFIX.fullmatch(text):
            return "unit-suffix"
        return "not-a-number"
    number = float(body.replace(",", ""))
    if not math.isfinite(number):
        return "not-finite"
    if percent_format and not percent:
        number *= 100
    return Reading(number, percent=percent or percent_format)


def cell_text(entry: Entry) -> str:
    """The text that :func:`parse_cell` reads back to the same reading (``True`` → ``"true"``)."""
    if isinstance(entry, bool):
        return "true" if entry else "false"
    return "" if entry is None else str(entry).strip()


def accept(element: Element | None, reading: Reading, entry: Entry = None) -> float | Rejected:
    """``reading``'s number if ``element`` takes it: a yes/no word only for a yes/no element, a
    percent only for a % element, and then :func:`check_number`."""
    yes_no = element is not None and element.type is Type.BOOL
    if reading.word and not yes_no:
        return _rejected(element, "yes-no-in-number", entry)
    if reading.percent and not (element is None or RATIO_SCALES.get(element.unit.strip()) == 100.0):
        return _rejected(element, "percent-unit", entry, reading.number)
    return check_number(element, reading.number, entry)


def check_number(element: Element | None, number: float, entry: Entry = None) -> float | Rejected:
    """``number`` if ``element`` accepts it: finite, 1 or 0 for yes/no, within the range."""
    shown = number if entry is None else entry
    if not math.isfinite(number):
        return _rejected(element, "not-finite", shown)
    if element is None:
        return number
    if element.type is Type.BOOL:
        return number if number in (0.0, 1.0) else _rejected(element, "bad-choice", shown, number)
    low, high = element.minimum, element.maximum
    if (low is None or number >= low) and (high is None or number <= high):
        return number
    return _rejected(element, "out-of-range", shown, number)


def allowed_text(element: Element | None) -> tuple[str, str]:
    """What ``element`` accepts, in Chinese and English: ``0 至 8000 人``, ``是 或 否``, …"""
    if element is None:
        return "数字", "a number"
    unit = f" {element.unit}" if element.unit else ""
    low, high = element.minimum, element.maximum
    if element.type is Type.BOOL:
        return "是 或 否", "是 (yes) or 否 (no)"
    if low is not None and high is not None:
        return f"{low:g} 至 {high:g}{unit}", f"{low:g} to {high:g}{unit}"
    if low is not None:
        return f"不小于 {low:g}{unit}", f"at least {low:g}{unit}"
    if high is not None:
        return f"不大于 {high:g}{unit}", f"at most {high:g}{unit}"
    return f"任意数字{unit}", f"any number{unit}"


def _normalised(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip()
    if text.startswith("'"):
        text = text[1:].strip()
    return text.replace(" ", "") if _NUMBER.fullmatch(text.replace(" ", "").rstrip("%").lower()) else text


# The cell reader's own reasons for a text that is no number, worded as variants of not-a-number.
_NOT_A_NUMBER_VARIANTS = ("too-long", "placeholder", "unit-suffix")


def _rejected(element: Element | None, code: str, entry: Entry, number: float | None = None) -> Rejected:
    """The refusal ``code`` of ``entry``, worded by the catalogue (dudao.problems)."""
    text = str(entry).strip() if entry is not None else ""
    name = element.name if element is not None else ""
    allowed_zh, allowed_en = allowed_text(element)
    variant = ""
    if code in _NOT_A_NUMBER_VARIANTS:
        variant, code = code, "not-a-number"
    elif code == "bad-choice":
        variant = "yes-no-cell"
    elif code == "out-of-range":
        variant = "cell"
    if code == "not-a-number" and element is not None and element.type is Type.BOOL:
        # the same code as in a number field (a format that reads before it knows the element
        # must give the same), with the words of a yes/no field
        variant = "yes-no-field"
    fields = {
        "prefix_zh": f"{name}：" if name else "",
        "prefix_en": f"{name}: " if name else "",
        "text": text,
        "allowed_zh": allowed_zh,
        "allowed_en": allowed_en,
        "range_zh": allowed_zh,
        "range_en": allowed_en,
        "unit": element.unit if element is not None and element.unit else "无单位",
        "value": f"{number:g}" if number is not None else text,
        "limit": MAX_CELL_CHARS,
    }
    zh, en = CATALOGUE[code].templates(variant)
    return Rejected(code, zh.format(**fields), en.format(**fields), text, number)
