"""Numbers as written in Chinese reports: Arabic (15.67, 6,000) and Chinese (一百二十三, 三点五).

>>> parse_number("15.67"), parse_number("6,000"), parse_number("１２")
(15.67, 6000.0, 12.0)
>>> parse_chinese("一百二十三"), parse_chinese("三点五"), parse_chinese("两"), parse_chinese("十八")
(123.0, 3.5, 2.0, 18.0)
>>> parse_chinese("一万二千"), parse_chinese("百"), decimals("124.6"), decimals("三点五")
(12000.0, None, 1, 1)
"""

from __future__ import annotations

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS) + "点"
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def parse_number(text: str) -> float | None:
    """An Arabic number with optional thousands commas and full-width digits; None if not one."""
    cleaned = text.translate(_FULL_WIDTH).replace(",", "")
    try:
        return float(cleaned)
    except ValueError:
        return None


def parse_chinese(text: str) -> float | None:
    """A Chinese numeral (integer part with 十百千万亿, decimals after 点); None if malformed.

    A numeral must start with a digit or 十: a bare 百/千/万 is a word (百年, 万名), not a number.
    """
    if not text or (text[0] not in DIGITS and text[0] != "十"):
        return None
    whole, _, fraction = text.partition("点")
    if "点" in fraction or (_ and not fraction):
        return None
    integer = _integer(whole)
    if integer is None:
        return None
    if not fraction:
        return float(integer)
    if any(ch not in DIGITS for ch in fraction):
        return None
    return float(f"{integer}.{''.join(str(DIGITS[ch]) for ch in fraction)}")


def _integer(text: str) -> int | None:
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and digit != 0:
                return None  # 一二: two digits in a row is not a numeral
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        elif ch in BIG_UNITS:
            section += digit or 0
            if section == 0:
                return None
            total = (total + section) * BIG_UNITS[ch] if ch == "亿" else total + section * BIG_UNITS[ch]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def decimals(text: str) -> int:
    """How many decimal places a written number has (its rounding)."""
    for mark in (".", "．", "点"):
        if mark in text:
            return len(text.split(mark, 1)[1])
    return 0
