"""DHIS2 value types (数值类型): which values a data element of each type holds, as DHIS2 checks
them on import (``ValidationUtils.dataValueIsValid`` in dhis2-core), and the text we write.

DHIS2 refuses a value that breaks its data element's type: ``12.5`` for ``INTEGER_POSITIVE``,
``250`` for ``PERCENTAGE`` (a whole number from 0 to 100), ``1.2`` for ``UNIT_INTERVAL``. Its
integers are 32-bit, and a ``NUMBER``'s text must be shorter than 250 characters. An export
leaves such a value out with the reason; an import reports it at its place (a value DHIS2
would not hold did not come from DHIS2 as it is).

>>> number_text(12.0, "INTEGER_POSITIVE"), number_text(-0.0, "NUMBER"), number_text(0.25, "UNIT_INTERVAL")
('12', '0', '0.25')
>>> print(refusal(250.0, "PERCENTAGE").problem("rate", Location("v.json", 3, 5)).message_en)
rate: DHIS2 would not hold this value: PERCENTAGE holds a whole number from 0 to 100, not 250
>>> print(number_text(12.5, "INTEGER_POSITIVE").problem("classes", Location(), exported=True).message_zh)
classes：INTEGER_POSITIVE 只能是正整数（1 至 2147483647），不能是 12.5，未导出
>>> refusal(1.0, "TRUE_ONLY") is None, refusal(0.0, "TRUE_ONLY") is not None
(True, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from dudao.errors import Location, Problem

INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # DHIS2's integers are Java ints
NUMBER_MAX_LENGTH = 250  # DHIS2 refuses numeric text of this many characters or more


@dataclass(frozen=True)
class Rule:
    """What a value type holds: whole numbers or any, between ``low`` and ``high`` (inclusive);
    ``zh``, ``en``: that in words, for the messages of ``dhis2-invalid-value``."""

    integer: bool
    low: float
    high: float
    zh: str
    en: str


RULES: dict[str, Rule] = {
    "NUMBER": Rule(False, -math.inf, math.inf, "数值", "a number"),
    "INTEGER": Rule(True, INT_MIN, INT_MAX, "整数", "a whole number"),
    "INTEGER_POSITIVE": Rule(True, 1, INT_MAX, "正整数", "a whole number above 0"),
    "INTEGER_NEGATIVE": Rule(True, INT_MIN, -1, "负整数", "a whole number below 0"),
    "INTEGER_ZERO_OR_POSITIVE": Rule(True, 0, INT_MAX, "零或正整数", "0 or a whole number above 0"),
    "PERCENTAGE": Rule(True, 0, 100, "介于 0 至 100 的整数", "a whole number from 0 to 100"),
    "UNIT_INTERVAL": Rule(False, 0, 1, "介于 0 至 1 的数", "a number from 0 to 1"),
    "BOOLEAN": Rule(True, 0, 1, "是/否（true 或 false）", "yes or no (true or false)"),
    "TRUE_ONLY": Rule(True, 1, 1, "“是”（true），没有“否”", "only yes (true), never no"),
}


@dataclass(frozen=True)
class Refused:
    """Why DHIS2 would not hold a value: a wording of the catalogue's ``dhis2-invalid-value``
    (``variant``: "" for a value outside its type, ``bounds`` when the type's 32-bit bounds are
    stated, ``too-long``) and the fields that fill it, but for the element's."""

    variant: str
    fields: dict[str, Any]

    def problem(self, element: str, where: Location, *, exported: bool = False) -> Problem:
        """The problem at ``where``: a value of ``element`` refused by an import, or left out of
        an export (``exported``)."""
        variant = _EXPORTED[self.variant] if exported else self.variant
        return Problem.of("dhis2-invalid-value", where, variant=variant, element=element, **self.fields)


_EXPORTED = {"": "export", "bounds": "export-bounds", "too-long": "export-too-long"}


def refusal(value: float, value_type: str) -> Refused | None:
    """Why a data element of ``value_type`` cannot hold ``value`` (a yes/no value as 1 or 0);
    None when it can. An empty value (NaN) is always held: it clears the value in DHIS2."""
    if math.isnan(value):
        return None
    text = number_text(value, value_type)
    return text if isinstance(text, Refused) else None


def number_text(value: float, value_type: str) -> str | Refused:
    """DHIS2's text of a number for a data element of ``value_type`` (digits, no exponent, no
    ``-0``; a whole number for the integer types), or why DHIS2 would refuse it."""
    rule = RULES[value_type]
    whole = math.isfinite(value) and value.is_integer()
    if whole:
        text = str(int(value))
    elif math.isfinite(value):
        text = str(np.format_float_positional(value, unique=True, trim="-"))
    else:
        text = str(value)
    if not math.isfinite(value) or (rule.integer and not whole) or not rule.low <= value <= rule.high:
        return _refused(value_type, rule, text)
    if len(text) >= NUMBER_MAX_LENGTH:
        return Refused(
            "too-long",
            {
                "value_type": value_type,
                "most": str(NUMBER_MAX_LENGTH - 1),
                "under": str(NUMBER_MAX_LENGTH),
                "start": text[:20],
                "length": str(len(text)),
            },
        )
    return text


def _refused(value_type: str, rule: Rule, text: str) -> Refused:
    fields = {"value_type": value_type, "holds_zh": rule.zh, "holds_en": rule.en, "value": text}
    if rule.integer and value_type not in _STATED_BOUNDS:  # DHIS2's integers are 32-bit
        return Refused("bounds", {**fields, "low": f"{rule.low:.0f}", "high": f"{rule.high:.0f}"})
    return Refused("", fields)


_STATED_BOUNDS = ("PERCENTAGE", "BOOLEAN", "TRUE_ONLY")  # their bounds are in their description
