"""Numbers as official reports state them: 达124.6%、15.67亿元、较上年增长12.75%、提高2.52个百分点.

Every function returns :class:`~.model.Figure` parts that keep the value and its source, so
the sentence and its check come from the same place.

>>> shown(156700, "万元"), shown(124.6, "%"), shown(10999.5016, "元"), shown(3, "所")
('15.67亿元', '124.6%', '10999.5元', '3所')
>>> parts = change_parts(124.6, 112.05, "%", Source("change", "A6.1.1", "500105", 2021))
>>> "".join(p if isinstance(p, str) else p.text for p in parts)
'较上年提高12.55个百分点'
>>> parts = change_parts(156700, 138980, "万元", Source("growth", "A2.2.1", "500105", 2021))
>>> "".join(p if isinstance(p, str) else p.text for p in parts)
'较上年增长12.75%'
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from dudao.documents.model import Figure, Part, Source
from dudao.engine.explanation import fmt

CHINESE_NUMERALS = "零一二三四五六七八九十"


def shown(value: float, unit: str, digits: int = 2) -> str:
    """A value with its unit, in the larger unit reports use for large amounts."""
    if unit == "万元" and abs(value) >= 10_000:
        return f"{fmt(value / 10_000, digits)}亿元"
    if unit == "元" and abs(value) >= 100_000_000:
        return f"{fmt(value / 100_000_000, digits)}亿元"
    if unit == "个百分点":
        return f"{fmt(value, digits)}个百分点"
    return f"{fmt(value, digits)}{unit}"


def figure(value: float, unit: str, source: Source, digits: int = 2) -> Figure:
    return Figure(float(value), shown(value, unit, digits), source)


def is_rate(unit: str) -> bool:
    """Rates change by percentage points; amounts and counts change by percent."""
    return unit in ("%", "个百分点")


def change_parts(current: float, previous: float, unit: str, source: Source) -> list[Part]:
    """较上年提高 x 个百分点 (rates) or 较上年增长 x% (amounts); 与上年持平 when equal.

    ``source.kind`` says which: ``change`` (percentage points) or ``growth`` (percent).
    """
    if source.kind == "change":
        delta = current - previous
        if round(delta, 2) == 0:
            return ["与上年持平"]
        word = "提高" if delta > 0 else "下降"
        return [f"较上年{word}", Figure(delta, shown(abs(delta), "个百分点"), source)]
    if previous == 0:
        return []
    growth = (current / previous - 1) * 100
    if round(growth, 2) == 0:
        return ["与上年持平"]
    word = "增长" if growth > 0 else "下降"
    return [f"较上年{word}", Figure(growth, shown(abs(growth), "%"), source)]


def signed_change(value: float, unit: str, source: Source) -> list[Part]:
    """A value that is itself a change: 较上年增长12.75% / 较上年下降0.94个百分点."""
    if round(value, 2) == 0:
        return ["与上年持平"]
    word = ("提高" if value > 0 else "下降") if unit == "个百分点" else ("增长" if value > 0 else "下降")
    return [f"较上年{word}", Figure(value, shown(abs(value), unit), source)]


def ordinal(n: int) -> str:
    """Chinese heading numerals: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一.

    >>> [ordinal(n) for n in (1, 9, 10, 12, 20, 21, 38)]
    ['一', '九', '十', '十二', '二十', '二十一', '三十八']
    """
    if n <= 10:
        return CHINESE_NUMERALS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens]
    return head + "十" + (CHINESE_NUMERALS[ones] if ones else "")


def chinese_date(day: dt.date) -> str:
    """成文日期 in Arabic numerals, as GB/T 9704-2012 writes it: 2022年12月13日.

    >>> chinese_date(dt.date(2022, 12, 3))
    '2022年12月3日'
    """
    return f"{day.year}年{day.month}月{day.day}日"


def join_names(names: list[str]) -> str:
    """江北区、渝中区和南岸区.

    >>> join_names(["甲", "乙", "丙"]), join_names(["甲"])
    ('甲、乙和丙', '甲')
    """
    if len(names) <= 1:
        return "".join(names)
    return "、".join(names[:-1]) + "和" + names[-1]


# Where a title may break: after these words, or before these (GB/T 9704: 回行时词意完整).
_BREAK_AFTER = ("关于", "人民政府", "委员会", "年", "的", "情况", "市", "区", "县")
_BREAK_BEFORE = ("关于", "督导意见书", "自评报告", "汇总报告", "评价结果", "履行")


def text_width(text: str) -> float:
    """Width in full-width characters: Latin letters and digits count half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def title_lines(title: str, per_line: float = 20) -> list[str]:
    """A long title broken into as few, as even lines as fit, at word boundaries.

    >>> title_lines("江北区人民政府2021年履行教育职责情况自评报告")
    ['江北区人民政府2021年', '履行教育职责情况自评报告']
    >>> title_lines("短标题")
    ['短标题']
    """
    if text_width(title) <= per_line:
        return [title]
    breaks = sorted(
        {i + len(w) for w in _BREAK_AFTER for i in _find_all(title, w)}
        | {i for w in _BREAK_BEFORE for i in _find_all(title, w)}
    )
    breaks = [b for b in breaks if 0 < b < len(title)]
    lines = int(-(-text_width(title) // per_line))
    for count in range(lines, lines + 3):
        best = _even_split(title, breaks, count, per_line)
        if best:
            return best
    return [title]


def _find_all(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text)]


def _even_split(title: str, breaks: list[int], count: int, per_line: float) -> list[str]:
    """The split into ``count`` lines that fit and are most even (least squared difference)."""
    best: tuple[float, list[str]] | None = None
    for cut in itertools.combinations(breaks, count - 1):
        bounds = [0, *cut, len(title)]
        parts = [title[a:b] for a, b in itertools.pairwise(bounds)]
        widths = [text_width(p) for p in parts]
        if max(widths) > per_line:
            continue
        mean = sum(widths) / count
        score = sum((w - mean) ** 2 for w in widths)
        if best is None or score < best[0]:
            best = (score, parts)
    return best[1] if best else []
