"""One DHIS2 data value ↔ one row of ours, shared by the dataValueSets and ADX formats.

A :class:`Collector` turns data values into rows, each through the mapping: an unmapped data
element, combo or org unit, or a period of another type, is one problem per distinct code
(located at its first use, with the number of values skipped), while a value that cannot be
read is one problem per value. :func:`export_rows` goes the other way and reports what it
cannot map, per element and per unit.

>>> from dudao.data.dhis2.mapping import Dhis2Mapping, ElementMap, OrgUnitMap, Ref
>>> mapping = Dhis2Mapping((ElementMap("is_private", Ref(code="PRIVATE"), value_type="BOOLEAN"),),
...                        (OrgUnitMap("500105", code="CQ_JB"),))
>>> rows = Collector(mapping, "v.json")
>>> ids = {"dataElement": "PRIVATE", "orgUnit": "CQ_JB", "period": "2021"}
>>> rows.add(ids, "true", Location("v.json", 3, 5), "dataValues[0]")
>>> rows.add({**ids, "dataElement": "OTHER"}, "1", Location("v.json", 4, 5), "dataValues[1]")
>>> batch = rows.batch()
>>> batch.values[["unit", "element", "period", "value"]].values.tolist()
[['500105', 'is_private', 2021, 1.0]]
>>> print(batch.problems[0].message_en)
DHIS2 data element 'OTHER' is not in the mapping: its 1 value(s) were skipped (first here)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from dudao.data.cell import Reading, Rejected, cell_text, parse_cell, read_cell
from dudao.data.dhis2.mapping import Dhis2Mapping, ElementMap, IdScheme
from dudao.data.dhis2.value_types import refusal
from dudao.data.records import Row, ValueBatch
from dudao.errors import Location, Problem, Severity
from dudao.expr.ir import Type
from dudao.scheme.model import Element


@dataclass
class _Skipped:
    code: str
    zh: str
    en: str
    first: Location
    count: int = 1


class Collector:
    """Rows and problems of one file being read; ``schemes``: the payload's id schemes."""

    def __init__(
        self, mapping: Dhis2Mapping, file: str, schemes: Mapping[str, IdScheme | None] | None = None
    ):
        self.mapping, self.file = mapping, file
        self.schemes = dict(schemes or {})
        self.rows: list[Row] = []
        self.problems: list[Problem] = []
        self._skipped: dict[tuple[str, str], _Skipped] = {}
        self._years: dict[tuple[str, bool], int | None] = {}

    def problem(
        self, code: str, zh: str, en: str, where: Location, severity: Severity = Severity.ERROR
    ) -> None:
        self.problems.append(Problem(code, zh, en, where, severity))

    def found(self, problem: Problem) -> None:
        """A problem made from the catalogue, kept with the others."""
        self.problems.append(problem)

    def skip(self, code: str, key: str, zh: str, en: str, where: Location) -> None:
        """One problem per distinct unmapped ``key``, counting the values it stood for."""
        found = self._skipped.get((code, key))
        if found is None:
            self._skipped[(code, key)] = _Skipped(code, zh, en, where)
        else:
            found.count += 1

    def entry(
        self, ids: Mapping[str, str], where: Location, categories: Mapping[str, str] | None = None
    ) -> ElementMap | None:
        """The mapping entry of a data value's element and combo (or, in ADX, its categories);
        None when it is not mapped (reported) or ignored."""
        data_element, combo = ids.get("dataElement", ""), ids.get("categoryOptionCombo", "")
        scheme = self.schemes.get("dataElement")
        if categories is None:
            found = self.mapping.element_for(data_element, combo, scheme)
        else:
            found = self.mapping.element_for_categories(data_element, categories, scheme)
            combo = ",".join(f"{name}={option}" for name, option in sorted(categories.items()))
        if found is not None or data_element in self.mapping.ignored:
            return found
        if self.mapping.knows_data_element(data_element, scheme):
            combo = combo or "default"
            zh = f"DHIS2 数据项“{data_element}”的类别选项组合“{combo}”不在映射文件中"
            en = f"combo {combo!r} of DHIS2 data element {data_element!r} is not in the mapping"
            self.skip("dhis2-unmapped-combo", f"{data_element}/{combo}", zh, en, where)
        else:
            zh, en = (
                f"DHIS2 数据项“{data_element}”不在映射文件中",
                f"DHIS2 data element {data_element!r} is not in the mapping",
            )
            self.skip("dhis2-unmapped-element", data_element, zh, en, where)
        return None

    def unit_and_year(
        self,
        ids: Mapping[str, str],
        where: Location,
        adx: bool = False,
        attributes: Mapping[str, str] | None = None,
    ) -> tuple[str, int] | None:
        """A data value's unit and year, once its attribute option combo (or, in ADX, its attribute
        categories) is the mapping's; None when something is not mapped (reported)."""
        org_unit, period = ids.get("orgUnit", ""), ids.get("period", "")
        unit = self.mapping.unit_for(org_unit, self.schemes.get("orgUnit"))
        if unit is None:
            zh, en = (
                f"DHIS2 组织机构“{org_unit}”不在映射文件中",
                f"DHIS2 org unit {org_unit!r} is not in the mapping",
            )
            self.skip("dhis2-unmapped-org-unit", org_unit, zh, en, where)
            return None
        rule = self.mapping.periods
        year = self._years.get((period, adx), -1)
        if year == -1:  # parse each distinct period once
            year = self._years[(period, adx)] = rule.year_of_adx(period) if adx else rule.year_of(period)
        if year is None:
            expected_zh, expected_en = rule.expected()
            zh, en = (
                f"报告期“{period}”无法对应到年度：{expected_zh}",
                f"period {period!r} is not a year: {expected_en}",
            )
            self.skip("bad-period", period, zh, en, where)
            return None
        combo = ids.get("attributeOptionCombo", "")
        if attributes:
            combo = ",".join(f"{name}={option}" for name, option in sorted(attributes.items()))
        if not self.mapping.is_attribute_combo(ids.get("attributeOptionCombo", ""), attributes):
            wanted = self.mapping.attribute_combo
            name = (wanted.code or wanted.uid) if wanted else "default"
            zh = f"属性选项组合“{combo}”与映射文件的“{name}”不符"
            en = f"attribute option combo {combo!r} is not the mapping's {name!r}"
            self.skip("dhis2-attribute-combo", combo, zh, en, where)
            return None
        return unit, year

    def number(self, raw: object, entry: ElementMap, where: Location, field: str) -> tuple[float, str] | None:
        """The value read by :func:`dudao.data.cell.read_cell` (NaN: empty) and the text to read
        again once the element is known (a yes/no word or a percent in a number element, else
        ""); None, with a problem at ``field``, when it cannot be read."""
        if entry.is_boolean:
            result = read_cell(Element(entry.element, entry.element, type=Type.BOOL), raw)
            if isinstance(result, Rejected):
                self.problem(result.code, result.message_zh, result.message_en, replace(where, field=field))
                return None
            return (math.nan if result is None else result), ""
        reading = parse_cell(raw)
        if reading is None:
            return math.nan, ""
        if isinstance(reading, Reading):
            return reading.number, cell_text(raw) if reading.conditional else ""
        rejected = read_cell(Element(entry.element, entry.element), raw)
        assert isinstance(rejected, Rejected)
        self.problem(rejected.code, rejected.message_zh, rejected.message_en, replace(where, field=field))
        return None

    def add(
        self,
        ids: Mapping[str, str],
        raw: object,
        where: Location,
        path: str,
        *,
        adx: bool = False,
        categories: Mapping[str, str] | None = None,
        attributes: Mapping[str, str] | None = None,
        annotation: str | None = None,
    ) -> None:
        """Read one data value at ``where`` (its ``path``): ``ids`` holds its dataElement, combos,
        orgUnit and period; its disaggregation may come as ``categories`` (ADX, or a JSON object),
        its attribute combo's as ``attributes``. An ADX ``annotation``, when there is one, is the
        value, as DHIS2 reads it (DHIS2 sends yes/no values so, with ``value="0"``). A value that
        DHIS2 would not hold for the element's value type is a problem at its place."""
        entry = self.entry(ids, where, categories)
        if entry is None:
            return
        place = self.unit_and_year(ids, where, adx, attributes)
        if place is None:
            return
        field = f"{path}/@value" if adx else f"{path}.value"
        if annotation is not None:
            field = f"{path}/annotation"
            if not entry.is_boolean and raw is not None and str(raw).strip() not in ("", annotation):
                self.differing_annotation(entry, raw, annotation, replace(where, field=field))
            raw = annotation
        read = self.number(raw, entry, where, field)
        if read is None:
            return
        number, text = read
        refused = refusal(number, entry.value_type)
        if refused is not None:
            zh = f"{entry.element}：DHIS2 不会存这个值：{refused.zh}"
            en = f"{entry.element}: DHIS2 would not hold this value: {refused.en}"
            self.problem("dhis2-invalid-value", zh, en, replace(where, field=field))
            return
        self.rows.append((place[0], entry.element, place[1], number, where.line, path, text))

    def differing_annotation(self, entry: ElementMap, raw: object, annotation: str, where: Location) -> None:
        """An ADX number whose ``value`` and ``annotation`` differ: a warning (DHIS2 reads the annotation)."""
        zh = f"{entry.element}：value=“{raw}”与 annotation“{annotation}”不同；按 DHIS2 的做法读取 annotation"
        en = (
            f"{entry.element}: value={raw!r} and annotation {annotation!r} differ; "
            "the annotation is read, as DHIS2 does"
        )
        self.problem("dhis2-annotation", zh, en, where, Severity.WARNING)

    def batch(self) -> ValueBatch:
        problems = list(self.problems)
        for skipped in self._skipped.values():
            zh = f"{skipped.zh}：跳过其 {skipped.count} 个值（首次见于此处）"
            en = f"{skipped.en}: its {skipped.count} value(s) were skipped (first here)"
            problems.append(Problem(skipped.code, zh, en, skipped.first))
        problems.sort(key=lambda p: (p.location.line, p.location.column))
        return ValueBatch.of(self.rows, source=self.file, problems=problems)


def disagreement(field: str, combo: str, other: str, where: Location) -> Problem:
    """A warning: the ``combo`` a message gives as ``field`` (``attributeOptionCombo`` or
    ``categoryOptionCombo``) and the ``other`` form beside it (its categories or options) are
    different combos of the mapping; the id is read, as DHIS2 does."""
    zh = f"{field}“{combo}”与 {other} 在对照表中对应不同的组合：按 DHIS2 的做法，以 {field} 为准"
    en = f"{field} {combo!r} and {other} are different combos in the mapping: {field} is read, as DHIS2 does"
    return Problem("dhis2-combo-disagree", zh, en, where, Severity.WARNING)
