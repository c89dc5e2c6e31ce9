"""ADX 1.0 XML (IHE aggregate data exchange, as DHIS2 reads and writes it): read and write.

An ADX message groups values by org unit and period; a period is an ISO 8601 start and duration
(``2021-01-01/P1Y``). Disaggregation is spelt out as attributes named by category code
(``OWNERSHIP="PUBLIC"``), or given as a ``categoryOptionCombo``. DHIS2 puts a yes/no value in an
``<annotation>`` child. The file is parsed as a stream with defusedxml, and a DTD or entity
declaration (the way in for XXE and entity bombs) is refused.

>>> import io
>>> from dudao.data.dhis2.mapping import Combo, Dhis2Mapping, ElementMap, OrgUnitMap, Ref
>>> mapping = Dhis2Mapping(
...     (ElementMap("kg_enrolled_public", Ref(code="KG_ENROLLED"), Combo(categories=(("OWNER", "PUB"),))),),
...     (OrgUnitMap("500105", code="500105"),), data_set=Ref(code="CQ_EDU"))
>>> text = '''<adx xmlns="urn:ihe:qrph:adx:2015" exported="2022-03-01T08:00:00Z">
...   <group orgUnit="500105" period="2021-01-01/P1Y" dataSet="CQ_EDU">
...     <dataValue dataElement="KG_ENROLLED" OWNER="PUB" value="3200"/>
...     <dataValue dataElement="KG_ENROLLED" OWNER="PRIV" value="800"/>
...   </group>
... </adx>'''
>>> batch = read_adx(io.BytesIO(text.encode()), mapping)
>>> batch.values[["unit", "element", "period", "value"]].values.tolist()
[['500105', 'kg_enrolled_public', 2021, 3200.0]]
>>> print(batch.problems[0].location, batch.problems[0].code)
<adx>:4:5 (group[1]/dataValue[2]) dhis2-unmapped-combo
>>> out = io.StringIO()
>>> report = write_adx(batch.values, mapping, out, exported="2022-03-01T08:00:00Z")
>>> print(out.getvalue().splitlines()[3])
    <dataValue dataElement="KG_ENROLLED" OWNER="PUB" value="3200"/>
"""

from __future__ import annotations

import datetime
import itertools
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO, TextIO
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.saxutils import escape, quoteattr
from xml.sax.xmlreader import AttributesNSImpl, Locator

import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml.expatreader import create_parser

from dudao.data.dhis2.export import Exporter, ExportReport, OutRow, open_text
from dudao.data.dhis2.mapping import Dhis2Mapping, IdScheme
from dudao.data.dhis2.translate import Collector, disagreement
from dudao.data.records import ValueBatch
from dudao.errors import Location, Problem, Severity

ADX_NAMESPACE = "urn:ihe:qrph:adx:2015"
# Attributes that are not categories: the rest of a group's or a value's are its disaggregation.
_GROUP_FIELDS = frozenset({"orgUnit", "period", "dataSet", "completeDate", "attributeOptionCombo", "comment"})
_VALUE_FIELDS = frozenset(
    {"dataElement", "value", "categoryOptionCombo", "comment", "followUp", "followup", "storedBy", "created"}
    | {"lastUpdated", "deleted"}
)


def read_adx(source: str | Path | BinaryIO, mapping: Dhis2Mapping) -> ValueBatch:
    """The values of an ADX message that the mapping takes; each problem has its line, column
    and element path (``group[2]/dataValue[5]``)."""
    file = str(source) if isinstance(source, (str, Path)) else "<adx>"
    handler = _Handler(Collector(mapping, file))
    parser = create_parser(namespaceHandling=1, forbid_dtd=True)
    parser.setContentHandler(handler)
    try:
        with ExitStack() as stack:
            stream = (
                stack.enter_context(Path(source).open("rb")) if isinstance(source, (str, Path)) else source
            )
            parser.parse(stream)
    except SAXParseException as error:
        where = Location(file, error.getLineNumber() or 0, (error.getColumnNumber() or 0) + 1)
        return ValueBatch.of(
            [], source=file, problems=[Problem.of("xml-syntax", where, detail=error.getMessage())]
        )
    except DefusedXmlException as error:
        forbidden = Problem.of("xml-forbidden", handler.here(), kind=type(error).__name__)
        return ValueBatch.of([], source=file, problems=[forbidden])
    except OSError as error:
        unreadable = Problem.of("file-unreadable", Location(file), file=file, reason=error.strerror)
        return ValueBatch.of([], source=file, problems=[unreadable])
    except _NotAdx as error:
        shape = Problem.of("adx-shape", handler.here(), namespace=ADX_NAMESPACE, root=error)
        return ValueBatch.of([], source=file, problems=[shape])
    return handler.rows.batch()


class _NotAdx(Exception):
    """The root element is not ADX's."""


class _Handler(ContentHandler):
    def __init__(self, rows: Collector) -> None:
        super().__init__()
        self.rows = rows
        self.locator: Locator | None = None
        self.started = False
        self.groups = 0
        self.group: dict[str, str] | None = None  # the current group's ids; None: outside or skipped
        self.attributes: dict[str, str] = {}  # the current group's attribute categories
        self.values = 0
        self.value: tuple[dict[str, str], Location, str] | None = None
        self.annotation: list[str] | None = None

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def here(self, field: str = "") -> Location:
        if self.locator is None:
            return Location(self.rows.file, field=field)
        line, column = self.locator.getLineNumber() or 0, self.locator.getColumnNumber() or 0
        return Location(self.rows.file, line, column + 1, field)

    def startElementNS(
        self, name: tuple[str | None, str], qname: str | None, attrs: AttributesNSImpl
    ) -> None:
        namespace, local = name
        plain = {key[1]: value for key, value in attrs.items() if key[0] is None}
        if not self.started:
            self.started = True
            if (namespace, local) != (ADX_NAMESPACE, "adx"):
                raise _NotAdx(local if namespace is None else f"{{{namespace}}}{local}")
        elif namespace != ADX_NAMESPACE:
            return
        elif local == "group":
            self.start_group(plain)
        elif local == "dataValue" and self.group is not None:
            self.values += 1
            path = f"group[{self.groups}]/dataValue[{self.values}]"
            self.value = (plain, self.here(path), path)
        elif local == "annotation" and self.value is not None:
            self.annotation = []

    def start_group(self, attributes: dict[str, str]) -> None:
        self.groups, self.values = self.groups + 1, 0
        missing = [key for key in ("orgUnit", "period") if not attributes.get(key, "").strip()]
        if missing:
            self.rows.found(
                Problem.of(
                    "required",
                    self.here(f"group[{self.groups}]"),
                    variant="adx-group",
                    missing_zh="、".join(missing),
                    missing_en=", ".join(missing),
                )
            )
            self.group = None
            return
        self.group = {
            key: attributes.get(key, "").strip() for key in ("orgUnit", "period", "attributeOptionCombo")
        }
        categories = {key: value for key, value in attributes.items() if key not in _GROUP_FIELDS}
        # DHIS2 reads a group's attributeOptionCombo when it has one, and its categories only if not
        self.attributes = {} if "attributeOptionCombo" in attributes else categories
        if "attributeOptionCombo" in attributes and categories:
            self.disagreeing_attributes(categories)

    def disagreeing_attributes(self, categories: dict[str, str]) -> None:
        """Warn when a group's attributeOptionCombo and its categories disagree on the mapping's combo."""
        assert self.group is not None
        mapping, combo = self.rows.mapping, self.group["attributeOptionCombo"]
        if mapping.is_attribute_combo(combo) == mapping.is_attribute_combo("", categories):
            return
        where = self.here(f"group[{self.groups}]")
        self.rows.problems.append(disagreement("attributeOptionCombo", combo, _named(categories), where))

    def characters(self, content: str) -> None:
        if self.annotation is not None:
            self.annotation.append(content)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        local = name[1]
        if local == "annotation" and self.annotation is not None and self.value is not None:
            self.value[0]["annotation"] = "".join(self.annotation).strip()
            self.annotation = None
        elif local == "dataValue" and self.value is not None:
            self.end_value(*self.value)
            self.value = None
        elif local == "group":
            self.group = None

    def end_value(self, attributes: dict[str, str], where: Location, path: str) -> None:
        assert self.group is not None
        if not attributes.get("dataElement", "").strip():
            self.rows.found(Problem.of("required", where, variant="adx-data-element"))
            return
        ids = {**self.group, "dataElement": attributes["dataElement"].strip()}
        skip = _VALUE_FIELDS | {"annotation"}
        categories: dict[str, str] | None = {
            key: value for key, value in attributes.items() if key not in skip
        }
        if "categoryOptionCombo" in attributes:  # read first, as DHIS2 does
            ids["categoryOptionCombo"] = attributes["categoryOptionCombo"].strip()
            if categories:
                self.disagreeing_combo(ids, categories, where)
            categories = None
        self.rows.add(
            ids, attributes.get("value"), where, path, adx=True,
            categories=categories, attributes=self.attributes, annotation=attributes.get("annotation"),
        )  # fmt: skip

    def disagreeing_combo(self, ids: dict[str, str], categories: dict[str, str], where: Location) -> None:
        """Warn when a value's categoryOptionCombo and its categories are different entries of the mapping."""
        mapping, data_element, combo = self.rows.mapping, ids["dataElement"], ids["categoryOptionCombo"]
        if mapping.element_for(data_element, combo) == mapping.element_for_categories(
            data_element, categories
        ):
            return
        self.rows.problems.append(disagreement("categoryOptionCombo", combo, _named(categories), where))


def write_adx(
    frame: pd.DataFrame,
    mapping: Dhis2Mapping,
    out: str | Path | TextIO,
    *,
    id_scheme: IdScheme = "code",
    exported: str | None = None,
) -> ExportReport:
    """Write the long ``frame`` as an ADX message, one group per unit and year, naming objects by
    code (ADX's custom; post it with ``dataElementIdScheme=code&orgUnitIdScheme=code``)."""
    exporter = Exporter(mapping, id_scheme, adx=True)
    rows = sorted(exporter.rows(frame), key=lambda row: (row.org_unit, row.year))
    data_set = mapping.data_set.id(id_scheme)
    if not data_set:
        exporter.problems.append(
            Problem.of(
                "dhis2-data-set",
                Location(mapping.source),
                variant="adx-no-data-set",
                severity=Severity.WARNING,
                id_scheme=id_scheme,
            )
        )
    stamp = exported or datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with open_text(out) as handle:
        handle.write(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<adx xmlns="{ADX_NAMESPACE}" exported="{stamp}">\n'
        )
        for (org_unit, year), group in itertools.groupby(rows, key=lambda row: (row.org_unit, row.year)):
            fields = {"orgUnit": org_unit, "period": mapping.periods.adx(year), "dataSet": data_set}
            combo = mapping.attribute_combo
            if combo is not None:
                fields.update(
                    dict(combo.categories)
                    if combo.categories
                    else {"attributeOptionCombo": combo.id(id_scheme)}
                )
            handle.write(f"  <group{_attributes(fields)}>\n")
            for row in group:
                handle.write(_data_value(row, id_scheme))
            handle.write("  </group>\n")
        handle.write("</adx>\n")
    return exporter.report(len(rows))


def _data_value(row: OutRow, scheme: IdScheme) -> str:
    fields = {"dataElement": row.entry.data_element.id(scheme)}
    combo = row.entry.combo
    if combo is not None:
        fields.update(
            dict(combo.categories) if combo.categories else {"categoryOptionCombo": combo.id(scheme)}
        )
    if not row.entry.is_boolean:
        return f"    <dataValue{_attributes({**fields, 'value': row.value})}/>\n"
    number = "1" if row.value == "true" else "0"
    annotation = f"<annotation>{escape(row.value)}</annotation>"
    return f"    <dataValue{_attributes({**fields, 'value': number})}>{annotation}</dataValue>\n"


def _named(categories: dict[str, str]) -> str:
    return "categories " + ",".join(f"{key}={value}" for key, value in sorted(categories.items()))


def _attributes(fields: dict[str, str]) -> str:
    return "".join(f" {name}={quoteattr(value)}" for name, value in fields.items() if value)
