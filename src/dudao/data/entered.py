"""One value as a person entered it (a form field, a workbook cell) read against its element.

People type numbers the way they write them: ``1,234``, ``85.5%``, full-width digits
(``１２３４``), ``是``/``否`` for yes/no. :func:`read_entered` accepts all of these and gives
the number, ``None`` for an empty entry, or a :class:`Rejected` value that says, in Chinese
and English, what is wrong and what would be accepted. The entry form's checks (in the store,
above this layer) and the Excel reader (:mod:`dudao.data.workbook.read`) both read entries
through it.

>>> from dudao.scheme.model import Element
>>> from dudao.expr.ir import Type
>>> pupils = Element("pupils", "在校生数", unit="人", minimum=0, maximum=8000)
>>> read_entered(pupils, " 1,234 "), read_entered(pupils, "85.5%"), read_entered(pupils, "１２")
(1234.0, 85.5, 12.0)
>>> read_entered(pupils, "") is None
True
>>> read_entered(pupils, "abc").message_zh
'在校生数：“abc”不是数字，请填写数字，如 1234 或 85.5'
>>> print(read_entered(pupils, 9000).message_en)
在校生数: 9000 is outside the allowed range, 0 to 8000 人
>>> read_entered(Element("p", "是否民办", type=Type.BOOL), "是")
1.0
>>> allowed_text(pupils)
('0 至 8000 人', '0 to 8000 人')
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from dudao.expr.ir import Type
from dudao.scheme.model import Element

YES = frozenset({"1", "是", "有", "yes", "y", "true", "√"})
NO = frozenset({"0", "否", "无", "no", "n", "false", "×"})

Entry = str | float | int | bool | None


@dataclass(frozen=True)
class Rejected:
    """An entry that cannot be accepted; the messages say what would be.

    ``code``: ``not-a-number``, ``not-yes-no`` (text that is not 是/否), ``not-finite``,
    ``bad-choice`` (a number other than 1 or 0 for yes/no) or ``out-of-range``.
    """

    code: str
    message_zh: str
    message_en: str
    text: str  # the entry as it was typed, trimmed
    number: float | None = None  # the number read, when it was one


def read_entered(element: Element, entry: Entry) -> float | Rejected | None:
    """The number ``entry`` stands for (``None``: left empty), or why it is :class:`Rejected`."""
    if entry is None:
        return None
    if isinstance(entry, bool):
        number = 1.0 if entry else 0.0
    elif isinstance(entry, int | float):
        number = float(entry)
    else:
        cleaned = unicodedata.normalize("NFKC", entry).strip().replace(",", "").replace(" ", "")
        if cleaned == "":
            return None
        if element.type is Type.BOOL:
            lowered = cleaned.lower()
            if lowered in YES:
                return 1.0
            if lowered in NO:
                return 0.0
            return _rejected(element, "not-yes-no", entry)
        try:
            number = float(cleaned[:-1] if cleaned.endswith("%") else cleaned)
        except ValueError:
            return _rejected(element, "not-a-number", entry)
    return check_number(element, number, entry)


def check_number(element: Element, number: float, entry: Entry = None) -> float | Rejected:
    """``number`` if ``element`` accepts it: finite, 1 or 0 for yes/no, within the range."""
    shown = number if entry is None else entry
    if not math.isfinite(number):
        return _rejected(element, "not-finite", shown)
    if element.type is Type.BOOL:
        return number if number in (0.0, 1.0) else _rejected(element, "bad-choice", shown, number)
    low, high = element.minimum, element.maximum
    if (low is None or number >= low) and (high is None or number <= high):
        return number
    return _rejected(element, "out-of-range", shown, number)


def allowed_text(element: Element) -> tuple[str, str]:
    """What ``element`` accepts, in Chinese and English: ``0 至 8000 人``, ``是 或 否``, …"""
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


def _rejected(element: Element, code: str, entry: Entry, number: float | None = None) -> Rejected:
    text = str(entry).strip()
    name = element.name
    if code == "not-yes-no":
        zh = f"{name}：“{text}”无效，请选择“是”或“否”"
        en = f"{name}: “{text}” is not valid; choose “是” (yes) or “否” (no)"
    elif code == "not-a-number":
        zh = f"{name}：“{text}”不是数字，请填写数字，如 1234 或 85.5"
        en = f"{name}: “{text}” is not a number; enter a number such as 1234 or 85.5"
    elif code == "not-finite":
        zh, en = f"{name}：请填写有限的数字", f"{name}: enter a finite number"
    elif code == "bad-choice":
        zh = f"{name}：是非项只接受“是”（1）或“否”（0）"
        en = f"{name}: a yes/no field accepts only “是” (1) or “否” (0)"
    else:
        allowed_zh, allowed_en = allowed_text(element)
        zh = f"{name}：{number:g} 超出允许范围 {allowed_zh}"
        en = f"{name}: {number:g} is outside the allowed range, {allowed_en}"
    return Rejected(code, zh, en, text, number)
