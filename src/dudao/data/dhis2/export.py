"""Rows of ours → DHIS2 data values, for the dataValueSets and ADX writers.

An :class:`Exporter` yields the rows the mapping can write, with DHIS2's text for each value
(digits without an exponent; ``true``/``false`` for yes/no), and counts and reports the rest:
one problem per element or unit the mapping does not name.

>>> import pandas as pd
>>> from dudao.data.dhis2.mapping import Dhis2Mapping, ElementMap, OrgUnitMap, Ref
>>> mapping = Dhis2Mapping((ElementMap("is_private", Ref(code="PRIVATE"), value_type="BOOLEAN"),),
...                        (OrgUnitMap("500105", code="CQ_JB"),), source="m.yaml")
>>> frame = pd.DataFrame({"unit": ["500105", "500105"], "element": ["is_private", "teachers"],
...                       "period": [2021, 2021], "value": [1.0, 118.0]})
>>> exporter = Exporter(mapping, "code")
>>> [(row.entry.data_element.code, row.org_unit, row.year, row.value) for row in exporter.rows(frame)]
[('PRIVATE', 'CQ_JB', 2021, 'true')]
>>> report = exporter.report(written=1)
>>> report.skipped, str(report.problems[0].location), report.problems[0].message_en
(1, 'm.yaml (element teachers)', "element 'teachers' is not in the mapping: its 1 value(s) were not written")
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TextIO

import numpy as np
import pandas as pd

from dudao.data.dhis2.mapping import Dhis2Mapping, ElementMap, IdScheme
from dudao.errors import Location, Problem, Severity

Empty = Literal["skip", "delete"]  # what a writer does with an empty value


@dataclass(frozen=True)
class ExportReport:
    """What a writer did: the values written, the values left out (no mapping, or a yes/no value
    that is neither), and a problem per element or unit it could not map (empty values are not
    left out: they are skipped, or written empty with ``empty="delete"``)."""

    written: int
    skipped: int = 0
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class OutRow:
    entry: ElementMap
    org_unit: str
    year: int
    value: str  # DHIS2's text; "" for an empty value


class Exporter:
    """The rows of a long frame that the mapping can write, each DHIS2 id in ``scheme``; counts
    and reports the rest. ``empty``: skip NaN values ("skip"), or write them empty ("delete")."""

    def __init__(self, mapping: Dhis2Mapping, scheme: IdScheme, empty: Empty = "skip") -> None:
        if empty not in ("skip", "delete") or scheme not in ("uid", "code"):
            raise ValueError(f"empty must be skip or delete, scheme uid or code: {empty!r}, {scheme!r}")
        self.mapping, self.scheme, self.empty = mapping, scheme, empty
        self.problems: list[Problem] = []
        self.skipped = 0

    def rows(self, frame: pd.DataFrame) -> Iterator[OutRow]:
        mapping, scheme = self.mapping, self.scheme
        unmapped: dict[tuple[str, str, bool], int] = {}
        for unit, element, period, value in zip(
            frame["unit"], frame["element"], frame["period"], frame["value"], strict=True
        ):
            entry = mapping.by_element.get(str(element))
            org_unit = mapping.by_unit.get(str(unit))
            if entry is None or not entry.data_element.id(scheme):
                key = ("element", str(element), entry is not None)
            elif org_unit is None or not (org_unit.uid if scheme == "uid" else org_unit.code):
                key = ("unit", str(unit), org_unit is not None)
            elif math.isnan(value) and self.empty != "delete":
                continue
            else:
                text = _text(float(value), entry)
                if text is not None:
                    yield OutRow(entry, org_unit.uid if scheme == "uid" else org_unit.code, int(period), text)
                    continue
                zh = f"{element}：{value:g} 不是是/否值（1 或 0），未导出"
                en = f"{element}: {value:g} is not yes/no (1 or 0); not written"
                where = Location(field=f"{unit}/{element}/{period}")
                self.problems.append(Problem("bad-choice", zh, en, where))
                self.skipped += 1
                continue
            unmapped[key] = unmapped.get(key, 0) + 1
        for (kind, code, listed), count in unmapped.items():
            self.skipped += count
            what_zh, what_en = ("数据项", "element") if kind == "element" else ("单位", "unit")
            why_zh = f"在映射文件中没有 DHIS2 {scheme}" if listed else "不在映射文件中"
            why_en = f"has no DHIS2 {scheme} in the mapping" if listed else "is not in the mapping"
            zh = f"{what_zh}“{code}”{why_zh}：其 {count} 个值未导出"
            en = f"{what_en} {code!r} {why_en}: its {count} value(s) were not written"
            where = Location(mapping.source, field=f"{kind} {code}")
            self.problems.append(Problem(f"dhis2-unmapped-{kind}", zh, en, where, Severity.WARNING))

    def report(self, written: int) -> ExportReport:
        return ExportReport(written, self.skipped, tuple(self.problems))


def _text(value: float, entry: ElementMap) -> str | None:
    """DHIS2's text of a value: digits without exponent; true/false for yes/no elements."""
    if math.isnan(value):
        return ""
    if entry.is_boolean:
        if value not in (0.0, 1.0):
            return None
        return "true" if value else ("false" if entry.value_type == "BOOLEAN" else "")
    return str(np.format_float_positional(value, unique=True, trim="-"))


@contextmanager
def open_text(out: str | Path | TextIO) -> Iterator[TextIO]:
    """A file path opened for writing UTF-8 text, or an open text stream as it is."""
    if isinstance(out, (str, Path)):
        with Path(out).open("w", encoding="utf-8", newline="\n") as handle:
            yield handle
    else:
        yield out
