"""Rows of ours → DHIS2 data values, for the dataValueSets and ADX writers.

An :class:`Exporter` yields the rows the mapping can write, with DHIS2's text for each value
(digits without an exponent, a whole number for the integer value types; ``true``/``false``
for yes/no), and accounts for every other: each value it is given is written or left out for
one reason of :data:`LEFT_OUT`, so that written + left out = the values considered. A value
DHIS2 would refuse for its value type is one problem of its own; the rest are one problem per
element, unit or reason, with the number of values it left out.

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
>>> report.considered, report.written, report.left_out
(2, 1, (('dhis2-unmapped-element', 1),))
>>> str(report.problems[0].location), report.problems[0].message_en
('m.yaml (element teachers)', "element 'teachers' is not in the mapping: its 1 value(s) were not written")
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

import pandas as pd

from dudao.data.dhis2.mapping import Combo, Dhis2Mapping, ElementMap, IdScheme, OrgUnitMap
from dudao.data.dhis2.value_types import number_text
from dudao.errors import Location, Problem, Severity

Empty = Literal["skip", "delete"]  # what a writer does with an empty value


@dataclass(frozen=True)
class Reason:
    """Why values are left out of an export (zh, en); ``refused``: the values are refused (an
    error: the mapping or the value must be fixed), not merely not sent (a warning)."""

    zh: str
    en: str
    refused: bool = False


# Every reason a value is left out of an export, by the code of its problems.
LEFT_OUT: dict[str, Reason] = {
    "dhis2-unmapped-element": Reason(
        "数据项在对照表中没有对应的 DHIS2 代码", "the element has no DHIS2 code in the mapping"
    ),
    "dhis2-unmapped-unit": Reason(
        "单位在对照表中没有对应的 DHIS2 代码", "the unit has no DHIS2 code in the mapping"
    ),
    "dhis2-attribute-combo-missing": Reason(
        "对照表的属性选项组合在此格式中没有标识",
        "the mapping's attribute option combo has no id this format can write",
        refused=True,
    ),
    "dhis2-combo-missing": Reason(
        "对照表未给出此格式能写的类别选项组合",
        "the mapping gives no category option combo this format can write",
        refused=True,
    ),
    "dhis2-invalid-value": Reason(
        "值不符合 DHIS2 数据项的值类型", "the value breaks the DHIS2 value type", refused=True
    ),
    "bad-choice": Reason(
        "是/否数据项的值不是 1 或 0", "a yes/no value that is neither 1 nor 0", refused=True
    ),
    "dhis2-true-only-no": Reason(
        "TRUE_ONLY 数据项的“否”（ADX 无法写出）", "a TRUE_ONLY no (ADX cannot write it)"
    ),
    "empty-value": Reason("空值", "empty values"),
}


@dataclass(frozen=True)
class ExportReport:
    """What a writer did with the values it was given (``considered``): the values ``written``,
    and the values left out, counted per reason (``left_out``: codes of :data:`LEFT_OUT`) and
    listed in ``problems``. Written and left out add up to the values considered."""

    considered: int
    written: int
    left_out: tuple[tuple[str, int], ...] = ()
    problems: tuple[Problem, ...] = ()

    def __post_init__(self) -> None:
        if self.written + self.skipped != self.considered:
            raise ValueError(f"{self.written} written + {self.skipped} left out != {self.considered}")

    @property
    def skipped(self) -> int:
        """How many values were left out, for every reason."""
        return sum(count for _, count in self.left_out)

    @property
    def refused(self) -> int:
        """How many of them were refused (see :class:`Reason`)."""
        return sum(count for code, count in self.left_out if LEFT_OUT[code].refused)


@dataclass(frozen=True)
class OutRow:
    entry: ElementMap
    org_unit: str
    year: int
    value: str  # DHIS2's text; "" for an empty value


@dataclass
class _Tally:
    """Values left out for one reason and one element or unit: one problem, worded by the
    catalogue's ``code`` (its ``variant``, filled from ``fields``), with their count."""

    code: str
    where: Location
    variant: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    count: int = 0

    def problem(self) -> Problem:
        severity = Severity.ERROR if LEFT_OUT[self.code].refused else Severity.WARNING
        return Problem.of(
            self.code, self.where, variant=self.variant, severity=severity, count=self.count, **self.fields
        )


class Exporter:
    """The rows of a long frame that the mapping can write, each DHIS2 id in ``scheme``; counts
    and reports the rest. ``empty``: skip NaN values ("skip"), or write them empty ("delete").
    ``adx``: the rows are for ADX, which names a combo by its categories or its code, and has no
    empty value."""

    def __init__(
        self, mapping: Dhis2Mapping, scheme: IdScheme, empty: Empty = "skip", *, adx: bool = False
    ) -> None:
        if empty not in ("skip", "delete") or scheme not in ("uid", "code"):
            raise ValueError(f"empty must be skip or delete, scheme uid or code: {empty!r}, {scheme!r}")
        self.mapping, self.scheme, self.empty, self.adx = mapping, scheme, empty, adx
        self.problems: list[Problem] = []  # one per value refused
        self.considered = 0
        self._left_out: Counter[str] = Counter()
        self._tallies: dict[tuple[str, str], _Tally] = {}
        self._combos: dict[str, _Tally | None] = {}  # element → why its combo cannot be written

    def rows(self, frame: pd.DataFrame) -> Iterator[OutRow]:
        self.considered += len(frame)
        attribute_refused = self._attribute_refusal()
        for unit, element, period, value in zip(
            frame["unit"], frame["element"], frame["period"], frame["value"], strict=True
        ):
            unit, element = str(unit), str(element)
            entry = self.mapping.by_element.get(element)
            org_unit = self.mapping.by_unit.get(unit)
            if entry is None or not entry.data_element.id(self.scheme):
                self._unmapped("element", element, listed=entry is not None)
            elif org_unit is None or not self._unit_id(org_unit):
                self._unmapped("unit", unit, listed=org_unit is not None)
            elif attribute_refused is not None:
                self._tally(attribute_refused)
            elif (refused := self._combo_refusal(entry)) is not None:
                self._tally(refused)
            elif math.isnan(value) and (self.adx or self.empty == "skip"):
                self._tally(self._empty())
            else:
                text = self._text(float(value), entry, Location(field=f"{unit}/{element}/{period}"))
                if text is None:
                    continue
                if self.adx and text == "":  # a TRUE_ONLY "no"
                    self._tally(self._true_only_no(element))
                    continue
                yield OutRow(entry, self._unit_id(org_unit), int(period), text)

    def report(self, written: int) -> ExportReport:
        tallies = [tally.problem() for tally in self._tallies.values() if tally.count]
        left_out = tuple((code, count) for code, count in self._left_out.items())
        return ExportReport(self.considered, written, left_out, (*self.problems, *tallies))

    # -- why a value is left out -------------------------------------------------------------
    def _unit_id(self, org_unit: OrgUnitMap) -> str:
        return org_unit.uid if self.scheme == "uid" else org_unit.code

    def _names(self, combo: Combo) -> bool:
        """Whether the format can name ``combo``: by its id in the scheme, or (ADX) its categories."""
        return bool(combo.id(self.scheme)) or (self.adx and bool(combo.categories))

    def _attribute_refusal(self) -> _Tally | None:
        combo = self.mapping.attribute_combo
        if combo is None or self._names(combo):
            return None
        key = ("dhis2-attribute-combo-missing", "")
        if key not in self._tallies:
            # ADX could name the combo by its categories too
            fields = {"combo": combo.name(), "scheme": self.scheme}
            self._tallies[key] = _Tally(key[0], combo.location, "adx" if self.adx else "", fields)
        return self._tallies[key]

    def _combo_refusal(self, entry: ElementMap) -> _Tally | None:
        """Why ``entry``'s values cannot go to a DHIS2 cell of their own, if they cannot."""
        if entry.element not in self._combos:
            self._combos[entry.element] = self._combo_problem(entry)
        return self._combos[entry.element]

    def _combo_problem(self, entry: ElementMap) -> _Tally | None:
        combo, name = entry.combo, entry.data_element.code or entry.data_element.uid
        if combo is None and not self.mapping.is_disaggregated(entry.data_element):
            return None
        if combo is None:
            variant, fields = "disaggregated", {"element": entry.element, "data_element": name}
        elif self._names(combo):
            return None
        else:
            variant = "adx" if self.adx else ""  # ADX could name the combo by its categories too
            fields = {"element": entry.element, "combo": combo.name(), "scheme": self.scheme}
        tally = _Tally("dhis2-combo-missing", entry.location, variant, fields)
        self._tallies[(tally.code, entry.element)] = tally
        return tally

    def _unmapped(self, kind: str, code: str, listed: bool) -> None:
        key = (f"dhis2-unmapped-{kind}", code)
        if key not in self._tallies:
            # listed: in the mapping, without an id in the scheme
            if kind == "element":
                variant = "export-no-id" if listed else "export"
            else:
                variant = "no-id" if listed else ""
            where = Location(self.mapping.source, field=f"{kind} {code}")
            self._tallies[key] = _Tally(key[0], where, variant, {kind: code, "scheme": self.scheme})
        self._tally(self._tallies[key])

    def _empty(self) -> _Tally:
        key = ("empty-value", "")
        if key not in self._tallies:
            variant = "adx" if self.adx else ""  # ADX has no empty value; a dataValueSet may delete
            self._tallies[key] = _Tally(key[0], Location(field="empty values"), variant)
        return self._tallies[key]

    def _true_only_no(self, element: str) -> _Tally:
        key = ("dhis2-true-only-no", element)
        if key not in self._tallies:
            where = Location(self.mapping.source, field=f"element {element}")
            self._tallies[key] = _Tally(key[0], where, fields={"element": element})
        return self._tallies[key]

    def _tally(self, tally: _Tally) -> None:
        tally.count += 1
        self._left_out[tally.code] += 1

    def _text(self, value: float, entry: ElementMap, where: Location) -> str | None:
        """DHIS2's text of a value (``""``: empty, or a TRUE_ONLY no); None when it is refused (counted)."""
        if math.isnan(value):
            return ""
        if entry.is_boolean:
            if value in (0.0, 1.0):
                return "true" if value else ("false" if entry.value_type == "BOOLEAN" else "")
            refused = Problem.of(
                "bad-choice", where, variant="dhis2-export", element=entry.element, value=f"{value:g}"
            )
        else:
            text = number_text(value, entry.value_type)
            if isinstance(text, str):
                return text
            refused = text.problem(entry.element, where, exported=True)
        self.problems.append(refused)
        self._left_out[refused.code] += 1
        return None


@contextmanager
def open_text(out: str | Path | TextIO) -> Iterator[TextIO]:
    """A file path opened for writing UTF-8 text, or an open text stream as it is."""
    if isinstance(out, (str, Path)):
        with Path(out).open("w", encoding="utf-8", newline="\n") as handle:
            yield handle
    else:
        yield out
