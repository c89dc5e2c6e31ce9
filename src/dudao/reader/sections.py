"""Sections 章节 from the heading numbering (一、 （一） 1. （1）) and the scheme's areas they cover.

Each heading is matched to the scheme's areas 一级指标 by name: the area's own name, or
(weighted lower) the name of one of its second-level items.

>>> text = "一、主要做法\\n1.加强教师队伍建设。选树师德榜样。\\n2.其他\\n"
>>> [(s.number, s.level, s.title) for s in find_sections(text)]
[('一、', 1, '主要做法'), ('1.', 3, '加强教师队伍建设'), ('2.', 3, '其他')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dudao.reader.similarity import coverage
from dudao.scheme.model import Scheme

AREA_THRESHOLD = 0.5
CHILD_WEIGHT = 0.9
_HEADINGS = (
    (1, re.compile(r"^[ \t\u3000]*([一二三四五六七八九十]+、)", re.M)),
    (2, re.compile(r"^[ \t\u3000]*([（(][一二三四五六七八九十]+[)）])", re.M)),
    (3, re.compile(r"^[ \t\u3000]*([0-9]{1,2}[.．、])(?![0-9])", re.M)),
    (4, re.compile(r"^[ \t\u3000]*([（(][0-9]{1,2}[)）])", re.M)),
)
_TITLE_END = re.compile(r"[。\n；;：:]")


@dataclass(frozen=True)
class Area:
    """An area of the scheme (一级指标)."""

    code: str
    name: str


@dataclass(frozen=True)
class Section:
    """A numbered part of the report: ``text[start:end]`` including its heading."""

    number: str
    level: int
    title: str
    start: int
    end: int
    area: Area | None = None
    confidence: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "level": self.level,
            "title": self.title,
            "span": [self.start, self.end],
            "area": self.area.code if self.area else None,
            "area_name": self.area.name if self.area else None,
            "confidence": round(self.confidence, 3),
        }


def find_sections(text: str, start: int = 0, end: int | None = None) -> list[Section]:
    """The numbered headings in ``text[start:end]``, each running to the next at its level or above."""
    stop = len(text) if end is None else end
    found: list[tuple[int, int, str, str]] = []
    for level, pattern in _HEADINGS:
        for match in pattern.finditer(text, start, stop):
            title_end = _TITLE_END.search(text, match.end(), stop)
            title = text[match.end() : title_end.start() if title_end else stop].strip()[:60]
            if title:
                found.append((match.start(1), level, match.group(1), title))
    found.sort()
    sections = []
    for index, (position, level, number, title) in enumerate(found):
        following = (p for p, lv, _, _ in found[index + 1 :] if lv <= level)
        sections.append(Section(number, level, title, position, next(following, stop)))
    return sections


def map_sections(sections: list[Section], scheme: Scheme) -> list[Section]:
    """Each section with the area its title names best (if any names it well enough)."""
    mapped = []
    for section in sections:
        best: tuple[float, Area | None] = (0.0, None)
        for top in scheme.items:
            score = max(
                [coverage(top.name, section.title)]
                + [CHILD_WEIGHT * coverage(child.name, section.title) for child in top.children]
            )
            if score > best[0]:
                best = (score, Area(top.code, top.name))
        if best[0] >= AREA_THRESHOLD:
            mapped.append(Section(section.number, section.level, section.title, section.start, section.end,
                                  best[1], best[0]))  # fmt: skip
        else:
            mapped.append(section)
    return mapped


def areas_of(scheme: Scheme) -> list[Area]:
    return [Area(top.code, top.name) for top in scheme.items]
