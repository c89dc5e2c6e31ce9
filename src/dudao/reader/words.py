"""Figures written without a plain number and unit: number words, ranks, ratios, coefficients.

A report says 全部清零 (none left), 全覆盖 (all), 翻一番, 三分之二, 八成, 半数; it ranks a unit
(排名第一, 名列全省第一, 位列珠三角第一名); it states a ratio against one (师生比1:15,
按照 1:200 要求). Each :class:`Figure` is a span with its value, unit, qualifier and base kind
(docs/reader-labelling.md); :mod:`dudao.reader.claims` turns them into claims.

>>> [(f.text, f.value, f.unit, f.kind) for f in find_figures("培训机构全部清零,实现全覆盖,达到三分之二。")]
[('全部清零', 0.0, None, 'count'), ('全覆盖', 100.0, '%', 'share'), ('三分之二', 66.67, '%', 'share')]
>>> [(f.text, f.value, f.unit, f.kind) for f in find_figures("成绩在9个市中排名第一,师生比为1:15.5")]
[('第一', 1.0, None, 'rank'), ('1:15.5', 15.5, ':', 'ratio')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from dudao.reader.numerals import parse_chinese, parse_number

_CN = "零〇一二两三四五六七八九十百千"
_ZERO_NOUNS = "发生|事故|伤亡|投诉|拒绝|辍学|违规|差错|死亡|欠薪|失学"
_WORDS = re.compile(
    r"(?=[超近约达全动清零百翻过半" + _CN + r"])"  # most places start no number word: skip them fast
    r"(?P<prefix>超过|近|约|达)?"
    r"(?:(?P<zero>全部清零|动态清零|清零|全部消除|零(?:" + _ZERO_NOUNS + r"))"
    r"|(?P<all>全覆盖|百分之百)"
    r"|翻(?P<double>[一两三])番"
    r"|(?<![" + _CN + r"])(?P<den>[" + _CN + r"]+)分之(?P<num>[" + _CN + r"]+)"
    r"|(?<![" + _CN + r"])(?P<tenths>[一二两三四五六七八九])成(?![不为立功长员本果效绩熟就交年人型都了])"
    r"|(?P<half>一半|半数|过半))"
    r"(?P<suffix>以上|左右|以下)?"
)
_NEGATED = re.compile(r"(未|没有|尚未|不能|无法|难以)(实现|做到|达到)?$")
_PLACE = r"第(?P<n>[一二三四五六七八九十]+|[0-9]{1,3})"
_END_OF_WORD = r"(?=[^\u4e00-\u9fff]|的|$)"
_RANK = re.compile(
    r"(?:(?:排名|名列|位列|位居|排在|居于|居)[^，,。；;：:、！!？?\n]{0,12}?"
    r"(?P<rank>" + _PLACE + r"(?P<unit>名|位)?)"
    r"|(?P<place>" + _PLACE.replace("?P<n>", "?P<n2>") + r"(?P<unit2>名)))" + _END_OF_WORD
)
_RATIO = re.compile(
    r"(?<![0-9.:∶：])(?:1[ \t]?[:∶：][ \t]?(?P<b>[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<a>[0-9]+(?:\.[0-9]+)?)[ \t]?[:∶：][ \t]?1)(?![0-9.:∶：])"
)
_COEFFICIENT = re.compile(
    r"(?:系数|指数)[^。；;\n，,]{0,8}?(?:为|是|达到|达|分别为|仅为|降至|降为|：|:)[ \t]*"
    r"(?P<list>[0-9]+\.[0-9]+(?:[ \t]*[、和及与][ \t]*[0-9]+\.[0-9]+)*)"
)
_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")
_TIMES = {"一": 1, "两": 3, "三": 7}
# When a figure carries two qualifiers (达2000余次), the earlier in this list is kept: 余 and 多
# change what the value means, 达 only stresses it.
QUALIFIERS = (
    "近", "约", "超过", "超", "逾", "不足", "不到", "不少于", "不低于", "至少", "不超过",
    "以上", "以内", "以下", "左右", "余", "多", "达",
)  # fmt: skip


def strongest(*qualifiers: str | None) -> str | None:
    """The qualifier that decides a figure's range among those it carries."""
    found = [q for q in qualifiers if q]
    return min(found, key=QUALIFIERS.index) if found else None


@dataclass(frozen=True)
class Figure:
    """A figure that is not a plain number with a unit, with its span in the text."""

    text: str
    start: int
    end: int
    number: str  # as written: "全部清零", "三分之二", "第一", "1:200"
    value: float
    unit: str | None
    qualifier: str | None
    kind: str  # count | share | change_pct | rank | ratio | level


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Every number word, rank and 1:N ratio in ``text[start:end]``, in text order."""
    stop = len(text) if end is None else end
    found = [
        *_number_words(text, start, stop),
        *_ranks(text, start, stop),
        *_ratios(text, start, stop),
        *_coefficients(text, start, stop),
    ]
    return sorted(found, key=lambda f: f.start)


def _number_words(text: str, start: int, stop: int) -> Iterator[Figure]:
    for match in _WORDS.finditer(text, start, stop):
        value, unit, kind, qualifier = _word_value(match)
        if value is None:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        if kind == "share" and match["all"] and _NEGATED.search(text[line_start : match.start()]):
            continue  # 尚未实现全覆盖: not a figure of 100%
        qualifier = strongest(match["prefix"], match["suffix"], qualifier)
        yield Figure(
            text=match.group(),
            start=match.start(),
            end=match.end(),
            number=match.group()[len(match["prefix"] or "") :],
            value=value,
            unit=unit,
            qualifier=qualifier,
            kind=kind,
        )


def _word_value(match: re.Match[str]) -> tuple[float | None, str | None, str, str | None]:
    if match["zero"]:
        return 0.0, None, "count", None
    if match["all"]:
        return 100.0, "%", "share", None
    if match["double"]:
        return 100.0 * _TIMES[match["double"]], "%", "change_pct", None
    if match["den"]:
        denominator, numerator = parse_chinese(match["den"]), parse_chinese(match["num"])
        if not denominator or numerator is None or match["den"] in ("百", "千") or numerator > denominator:
            return None, None, "share", None
        return round(100.0 * numerator / denominator, 2), "%", "share", None
    if match["tenths"]:
        tenths = parse_chinese(match["tenths"])
        return (None if tenths is None else 10.0 * tenths), "%", "share", None
    return 50.0, "%", "share", "超过" if match["half"] == "过半" else None


def _ranks(text: str, start: int, stop: int) -> Iterator[Figure]:
    for match in _RANK.finditer(text, start, stop):
        group = "rank" if match["rank"] else "place"
        written = match["n"] or match["n2"]
        value = parse_number(written) if written[0].isdigit() else parse_chinese(written)
        if value is None:
            continue
        yield Figure(
            text=match[group],
            start=match.start(group),
            end=match.end(group),
            number=match[group],
            value=value,
            unit=match["unit"] or match["unit2"],
            qualifier=None,
            kind="rank",
        )


def _ratios(text: str, start: int, stop: int) -> Iterator[Figure]:
    for match in _RATIO.finditer(text, start, stop):
        value = parse_number(match["b"] or match["a"])
        if value is None:
            continue
        yield Figure(
            text=match.group(),
            start=match.start(),
            end=match.end(),
            number=match.group(),
            value=value,
            unit=":",
            qualifier=None,
            kind="ratio",
        )


def _coefficients(text: str, start: int, stop: int) -> Iterator[Figure]:
    """差异系数为0.42, 分别为0.38、0.29: a coefficient has no unit but is a figure."""
    for match in _COEFFICIENT.finditer(text, start, stop):
        for number in _DECIMAL.finditer(text, match.start("list"), match.end("list")):
            value = parse_number(number.group())
            if value is not None:
                written = number.group()
                yield Figure(written, number.start(), number.end(), written, value, None, None, "level")
