"""A document 公文 as a structure: headings, paragraphs, tables and charts, ready for any writer.

Builders (:mod:`.self_evaluation`, :mod:`.feedback`, :mod:`.summary`) turn results into a
:class:`Document`; writers (:mod:`.docx_writer`, :mod:`.html_writer`, :mod:`.pdf_writer`) lay it
out. Every number a builder states is a :class:`Figure` that names where it came from, so a
reader of the HTML can see it and a test can check it against the results.

>>> rate = Figure(124.6, "124.6%", Source("indicator", "gross_kg_rate", "500105", 2021))
>>> p = Paragraph(("学前三年毛入园率达", rate, "。"))
>>> p.text
'学前三年毛入园率达124.6%。'
>>> [f.text for f in p.figures]
['124.6%']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True)
class Source:
    """Where a stated number comes from, in the results of a round.

    ``kind`` is one of :data:`SOURCE_KINDS`; ``code`` names the indicator, element, item or
    area; ``unit`` the evaluated unit ("" for the whole round); ``period`` the data year.
    """

    kind: str
    code: str = ""
    unit: str = ""
    period: int = 0

    def __str__(self) -> str:
        where = "/".join(part for part in (self.unit, self.code) if part)
        return f"{self.kind}:{where}@{self.period}" if self.period else f"{self.kind}:{where}"


# What a Source may point at; tests resolve each kind against the results independently.
SOURCE_KINDS = {
    "indicator": "a unit's indicator value (指标值) in a period",
    "element": "a unit's element value (数据项) in a period, summed over its schools if school-level",
    "change": "an indicator or element: this period's value minus the previous one (个百分点)",
    "growth": "an indicator or element: growth over the previous period, in % (增长率)",
    "item": "an item's computed value (the value its rule scores)",
    "standard": "the standard of an item's rule (its target or full-marks point)",
    "gap": "how far an item's value is from its standard",
    "points": "the points a unit earned on an item or area",
    "max_points": "the points an item or area is worth",
    "total": "a unit's total (with bonus)",
    "base_total": "a unit's total before bonus",
    "bonus": "a unit's bonus points",
    "rank": "a unit's rank",
    "count": "a count over the round's results (units, units per grade, units missing an item …)",
    "statistic": "a statistic over the round's totals (mean, highest, lowest)",
    "period": "the data year",
    "date": "a date given to the document (issue date, deadline)",
    "incidents": "the number of incidents a per-incident item counted",
}


@dataclass(frozen=True)
class Figure:
    """A number as it is stated in the text, and where it comes from."""

    value: float
    text: str
    source: Source


Part = str | Figure


class Style(str, Enum):
    BODY = "body"  # generated from the data
    NARRATIVE = "narrative"  # the unit's own words, as written
    SUGGESTION = "suggestion"  # a generated suggestion (建议) for the author to review
    NOTE = "note"  # a note to the author, not part of the official text


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Part, ...]
    style: Style = Style.BODY
    lead: str = ""  # a run-in heading in bold, e.g. "1.加强党对教育工作的全面领导。"

    @property
    def text(self) -> str:
        return self.lead + "".join(p if isinstance(p, str) else p.text for p in self.parts)

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(p for p in self.parts if isinstance(p, Figure))


@dataclass(frozen=True)
class Heading:
    level: int  # 1: 一、 (黑体); 2: （一） (楷体); 3: 1. (仿宋 bold)
    text: str


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Part, ...], ...]
    numeric: tuple[bool, ...] = ()  # per column: right-aligned

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(cell for row in self.rows for cell in row if isinstance(cell, Figure))


@dataclass(frozen=True)
class Chart:
    """A chart drawn by :mod:`.charts`: PNG for DOCX and PDF, SVG for HTML."""

    caption: str
    png: bytes = field(repr=False)
    svg: str = field(repr=False)
    width_mm: float = 150.0
    height_mm: float = 90.0


Block = Heading | Paragraph | Table | Chart


@dataclass(frozen=True)
class Document:
    """One official document: a title, who it is addressed to, its body, and its signature."""

    kind: str  # self-evaluation | feedback | summary
    title: str
    blocks: tuple[Block, ...]
    unit: str = ""  # the unit it is about ("" for the summary)
    unit_name: str = ""
    recipient: str = ""  # 主送机关, e.g. "江北区人民政府："
    signature: str = ""  # 发文机关署名
    date: str = ""  # 成文日期, e.g. "2022年12月13日"
    label: str = ""  # e.g. 示例数据: shown on every page when set
    warnings: tuple[str, ...] = ()  # for the author: over-long, data missing …

    @property
    def figures(self) -> Iterator[Figure]:
        for block in self.blocks:
            if isinstance(block, Paragraph | Table):
                yield from block.figures

    @property
    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def body_text(self) -> str:
        """The text a reader counts: headings and paragraphs, without notes to the author."""
        lines = [self.title, self.recipient]
        for block in self.blocks:
            if isinstance(block, Heading) or (isinstance(block, Paragraph) and block.style is not Style.NOTE):
                lines.append(block.text)
        lines += [self.signature, self.date]
        return "\n".join(line for line in lines if line)


KIND_NAMES = {
    "self-evaluation": ("自评报告", "self-evaluation report"),
    "feedback": ("督导意见书", "feedback letter"),
    "summary": ("汇总报告", "city summary"),
}


def character_count(text: str) -> int:
    """Characters as the national 5,000-character rule counts them: all but whitespace.

    >>> character_count("一、主要做法 和成效\\n")
    9
    """
    return sum(1 for ch in text if not ch.isspace())
