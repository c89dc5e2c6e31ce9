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
dudao.store.entry.validation.FieldError: 在校生数：“abc”不是数字，请填写数字，如 1234 或 85.5
>>> read_value(pupils, "9000")
Traceback (most recent call last):
...
dudao.store.entry.validation.FieldError: 在校生数：9000 超出允许范围 0 至 8000 人
>>> read_value(Element("p", "是否民办", type=Type.BOOL), "是")
1.0
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dudao.data.cell import Entry, Rejected, read_cell
from dudao.expr.ir import Type
from dudao.scheme.model import Element


class FieldError(ValueError):
    """An entered value that cannot be accepted; the message says what would be."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def read_value(element: Element, text: Entry) -> float | None:
    """The number an entered text stands for (``None``: left empty), or :class:`FieldError`.

    The reading is :func:`dudao.data.cell.read_cell`'s; the messages here are translated.
    """
    result = read_cell(element, text)
    if isinstance(result, Rejected):
        raise FieldError(element.code, _message(element, text, result))
    return result


def _message(element: Element, text: Entry, rejected: Rejected) -> str:
    name = element.name
    if rejected.code == "not-a-number" and element.type is Type.BOOL:
        return _("%(name)s：“%(text)s”无效，请选择“是”或“否”") % {"name": name, "text": text}
    if rejected.code == "not-a-number":
        return _("%(name)s：“%(text)s”不是数字，请填写数字，如 1234 或 85.5") % {
            "name": name,
            "text": rejected.text,
        }
    if rejected.code == "not-finite":
        return _("%(name)s：请填写有限的数字") % {"name": name}
    if rejected.code == "bad-choice":
        return _("%(name)s：是非项只接受“是”（1）或“否”（0）") % {"name": name}
    if rejected.code != "out-of-range":  # the cell reader's other refusals carry both languages
        return rejected.message_zh if (get_language() or "zh-hans").startswith("zh") else rejected.message_en
    message = _("%(name)s：%(number)s 超出允许范围 %(allowed)s")
    return message % {"name": name, "number": f"{rejected.number:g}", "allowed": _allowed(element)}


def _allowed(element: Element) -> str:
    low, high = element.minimum, element.maximum
    unit = f" {element.unit}" if element.unit else ""
    if low is not None and high is not None:
        return _("%(low)s 至 %(high)s%(unit)s") % {"low": f"{low:g}", "high": f"{high:g}", "unit": unit}
    if low is not None:
        return _("不小于 %(low)s%(unit)s") % {"low": f"{low:g}", "unit": unit}
    return _("不大于 %(high)s%(unit)s") % {"high": f"{high:g}", "unit": unit}
