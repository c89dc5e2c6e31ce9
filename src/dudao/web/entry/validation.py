"""Checking one entered value against its element: type and range, with a message per field.

>>> from dudao.scheme.model import Element
>>> from dudao.expr.ir import Type
>>> pupils = Element("pupils", "在校生数", unit="人", minimum=0, maximum=8000)
>>> read_value(pupils, " 1,234 ")
1234.0
>>> read_value(pupils, "") is None
True
>>> read_value(pupils, "abc")
Traceback (most recent call last):
...
dudao.web.entry.validation.FieldError: 在校生数：“abc”不是数字，请填写数字，如 1234 或 85.5
>>> read_value(pupils, "9000")
Traceback (most recent call last):
...
dudao.web.entry.validation.FieldError: 在校生数：9000 超出允许范围 0 至 8000 人
>>> read_value(Element("p", "是否民办", type=Type.BOOL), "是")
1.0
"""

from __future__ import annotations

import math
import unicodedata

from django.utils.translation import gettext as _

from dudao.expr.ir import Type
from dudao.scheme.model import Element

_YES = {"1", "是", "有", "yes", "y", "true", "√"}
_NO = {"0", "否", "无", "no", "n", "false", "×"}


class FieldError(ValueError):
    """An entered value that cannot be accepted; the message says what would be."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def read_value(element: Element, text: str | float | int | bool | None) -> float | None:
    """The number an entered text stands for (``None``: left empty), or :class:`FieldError`."""
    if text is None:
        return None
    if isinstance(text, bool):
        number = 1.0 if text else 0.0
    elif isinstance(text, int | float):
        number = float(text)
    else:
        cleaned = unicodedata.normalize("NFKC", text).strip().replace(",", "").replace(" ", "")
        if cleaned == "":
            return None
        if element.type is Type.BOOL:
            lowered = cleaned.lower()
            if lowered in _YES:
                return 1.0
            if lowered in _NO:
                return 0.0
            raise FieldError(
                element.code,
                _("%(name)s：“%(text)s”无效，请选择“是”或“否”") % {"name": element.name, "text": text},
            )
        if cleaned.endswith("%"):
            cleaned = cleaned[:-1]
        try:
            number = float(cleaned)
        except ValueError:
            raise FieldError(
                element.code,
                _("%(name)s：“%(text)s”不是数字，请填写数字，如 1234 或 85.5")
                % {"name": element.name, "text": text.strip()},
            ) from None
    if not math.isfinite(number):
        raise FieldError(element.code, _("%(name)s：请填写有限的数字") % {"name": element.name})
    if element.type is Type.BOOL:
        if number not in (0.0, 1.0):
            raise FieldError(
                element.code, _("%(name)s：是非项只接受“是”（1）或“否”（0）") % {"name": element.name}
            )
        return number
    _check_range(element, number)
    return number


def _check_range(element: Element, number: float) -> None:
    low, high = element.minimum, element.maximum
    if (low is None or number >= low) and (high is None or number <= high):
        return
    unit = f" {element.unit}" if element.unit else ""
    if low is not None and high is not None:
        allowed = _("%(low)s 至 %(high)s%(unit)s") % {"low": f"{low:g}", "high": f"{high:g}", "unit": unit}
    elif low is not None:
        allowed = _("不小于 %(low)s%(unit)s") % {"low": f"{low:g}", "unit": unit}
    else:
        allowed = _("不大于 %(high)s%(unit)s") % {"high": f"{high:g}", "unit": unit}
    message = _("%(name)s：%(number)s 超出允许范围 %(allowed)s")
    raise FieldError(
        element.code, message % {"name": element.name, "number": f"{number:g}", "allowed": allowed}
    )
