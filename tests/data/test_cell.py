"""Reading one entered value: what people type, and why a value is rejected."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dudao.data.cell import Rejected, allowed_text, read_cell
from dudao.expr.ir import Type
from dudao.scheme.model import Element

PUPILS = Element("pupils", "在校生数", unit="人", minimum=0, maximum=8000)
RATE = Element("rate", "毛入园率", unit="%", minimum=0)
PRIVATE = Element("private", "是否民办", type=Type.BOOL)


@pytest.mark.parametrize(
    ("element", "entry", "value"),
    [
        (PUPILS, 1234, 1234.0),
        (PUPILS, 12.5, 12.5),
        (PUPILS, "1,234", 1234.0),
        (PUPILS, "１，２３４", 1234.0),
        (PUPILS, " 1 234 ", 1234.0),
        (RATE, "85.5%", 85.5),
        (RATE, "105", 105.0),
        (PRIVATE, "是", 1.0),
        (PRIVATE, "否", 0.0),
        (PRIVATE, "YES", 1.0),
        (PRIVATE, True, 1.0),
        (PRIVATE, 0, 0.0),
        (PUPILS, "", None),
        (PUPILS, "  ", None),
        (PUPILS, None, None),
    ],
)
def test_what_people_type_is_read(element: Element, entry: object, value: float | None) -> None:
    assert read_cell(element, entry) == value  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("element", "entry", "code", "zh"),
    [
        (PUPILS, "abc", "not-a-number", "在校生数：“abc”不是数字，请填写数字，如 1234 或 85.5"),
        (PUPILS, "9000", "out-of-range", "在校生数：9000 超出允许范围 0 至 8000 人"),
        (RATE, -1, "out-of-range", "毛入园率：-1 超出允许范围 不小于 0 %"),
        (PUPILS, float("inf"), "not-finite", "在校生数：请填写有限的数字"),
        (PUPILS, "nan", "not-a-number", "在校生数：“nan”不是数字；缺失请留空，没有请填 0"),
        (PRIVATE, "也许", "not-a-number", "是否民办：“也许”无效，请选择“是”或“否”"),
        (PRIVATE, 2, "bad-choice", "是否民办：是非项只接受“是”（1）或“否”（0）"),
    ],
)
def test_a_rejected_entry_says_why_in_both_languages(
    element: Element, entry: object, code: str, zh: str
) -> None:
    result = read_cell(element, entry)  # type: ignore[arg-type]
    assert isinstance(result, Rejected)
    assert (result.code, result.message_zh) == (code, zh)
    assert result.message_en and result.message_en != result.message_zh


def test_allowed_text_says_what_an_element_accepts() -> None:
    assert allowed_text(PUPILS) == ("0 至 8000 人", "0 to 8000 人")
    assert allowed_text(RATE) == ("不小于 0 %", "at least 0 %")
    assert allowed_text(PRIVATE)[0] == "是 或 否"
    assert allowed_text(Element("x", "x"))[0] == "任意数字"


@given(
    st.floats(min_value=0, max_value=8000, allow_nan=False), st.sampled_from(["{:,}", "{} ", "{}%", "{:,}%"])
)
def test_a_number_in_range_written_any_accepted_way_reads_back_exactly(number: float, shape: str) -> None:
    element = RATE if shape.endswith("%") else PUPILS
    assert read_cell(element, shape.format(number)) == number


@given(st.text(max_size=12))
def test_any_text_is_a_number_none_or_rejected_never_an_exception(text: str) -> None:
    result = read_cell(PUPILS, text)
    assert result is None or isinstance(result, Rejected) or (math.isfinite(result) and 0 <= result <= 8000)
