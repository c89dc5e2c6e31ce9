"""One DHIS2 data value ↔ one row of ours, shared by the dataValueSets and ADX formats.

A :class:`Collector` turns data values into rows, each through the mapping: an unmapped data
element, combo or org unit, or a period of another type, is one problem per distinct code
(located at its first use, with the number of values skipped), while a value that cannot be
read is one problem per value. The :class:`~dudao.data.dhis2.export.Exporter` goes the other
way and reports what it cannot map, per element and per unit.

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
from typing import Any

from dudao.data.cell import Reading, Rejected, cell_text, parse_cell, read_cell
from dudao.data.dhis2.mapping import Dhis2Mapping, ElementMap, IdScheme
from dudao.data.dhis2.value_types import refusal
from dudao.data.records import Row, ValueBatch
from dudao.errors import Location, Problem, Severity
from dudao.expr.ir import Type
from dudao.scheme.model import Element


@dataclass
class _Skipped:
    """Values skipped for one code and one id: one problem, worded by the catalogue's ``code``
    (its ``variant``, filled from ``fields`` and the count), at the first of them."""

    code: str
    first: Location
    variant: str
    fields: dict[str, Any]
    count: int = 1

    def problem(self) -> Problem:
        return Problem.of(self.code, self.first, variant=self.variant, count=self.count, **self.fields)


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

    def found(self, problem: Problem) -> None:
        """A problem made from the catalogue, kept with the others."""
        self.problems.append(problem)

    def skip(self, code: str, key: str, where: Location, variant: str = "", **fields: str) -> None:
        """One problem per distinct unmapped ``key``, counting the values it stood for: the
        catalogue's ``code`` (its ``variant``), filled from ``fields`` and the count."""
        found = self._skipped.get((code, key))
        if found is None:
            self._skipped[(code, key)] = _Skipped(code, where, variant, fields)
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
            key = f"{data_element}/{combo}"
            self.skip("dhis2-unmapped-combo", key, where, data_element=data_element, combo=combo)
        else:
            self.skip("dhis2-unmapped-element", data_element, where, data_element=data_element)
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
            self.skip("dhis2-unmapped-org-unit", org_unit, where, org_unit=org_unit)
            return None
        rule = self.mapping.periods
        year = self._years.get((period, adx), -1)
        if year == -1:  # parse each distinct period once
            year = self._years[(period, adx)] = rule.year_of_adx(period) if adx else rule.year_of(period)
        if year is None:
            self.skip("bad-period", period, where, "dhis2", period=period, **rule.expected())
            return None
        combo = ids.get("attributeOptionCombo", "")
        if attributes:
            combo = ",".join(f"{name}={option}" for name, option in sorted(attributes.items()))
        if not self.mapping.is_attribute_combo(ids.get("attributeOptionCombo", ""), attributes):
            wanted = self.mapping.attribute_combo
            name = (wanted.code or wanted.uid) if wanted else "default"
            self.skip("dhis2-attribute-combo", combo, where, combo=combo, wanted=name)
            return None
        return unit, year

    def number(self, raw: object, entry: ElementMap, where: Location, field: str) -> tuple[float, str] | None:
        """The value read by :func:`dudao.data.cell.read_cell` (NaN: empty) and the text to read
        again once the element is known (a yes/no word or a percent in a number element, else
        ""); None, with a problem at ``field``, when it cannot be read."""
        if entry.is_boolean:
            result = read_cell(Element(entry.element, entry.element, type=Type.BOOL), raw)
            if isinstance(result, Rejected):
                self.found(result.problem(replace(where, field=field)))
                return None
            return (math.nan if result is None else result), ""
        reading = parse_cell(raw)
        if reading is None:
            return math.nan, ""
        if isinstance(reading, Reading):
            return reading.number, cell_text(raw) if reading.conditional else ""
        rejected = read_cell(Element(entry.element, entry.element), raw)
        assert isinstance(rejected, Rejected)
        self.found(rejected.problem(replace(where, field=field)))
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
            self.found(refused.problem(entry.element, replace(where, field=field)))
            return
        self.rows.append((place[0], entry.element, place[1], number, where.line, path, text))

    def differing_annotation(self, entry: ElementMap, raw: object, annotation: str, where: Location) -> None:
        """An ADX number whose ``value`` and ``annotation`` differ: a warning (DHIS2 reads the annotation)."""
        self.found(
            Problem.of(
                "dhis2-annotation",
                where,
                severity=Severity.WARNING,
                element=entry.element,
                value=raw,
                annotation=annotation,
            )
        )

    def batch(self) -> ValueBatch:
        problems = [*self.problems, *(skipped.problem() for skipped in self._skipped.values())]
        problems.sort(key=lambda p: (p.location.line, p.location.column))
        return ValueBatch.of(self.rows, source=self.file, problems=problems)


def disagreement(field: str, combo: str, other: str, where: Location) -> Problem:
    """A warning: the ``combo`` a message gives as ``field`` (``attributeOptionCombo`` or
    ``categoryOptionCombo``) and the ``other`` form beside it (its categories or options) are
    different combos of the mapping; the id is read, as DHIS2 does."""
    return Problem.of(
        "dhis2-combo-disagree", where, severity=Severity.WARNING, field=field, combo=combo, other=other
    )
