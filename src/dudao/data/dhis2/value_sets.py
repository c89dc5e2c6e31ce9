"""DHIS2 ``dataValueSets`` JSON (数据值集): read a payload into a :class:`ValueBatch`, write one.

A payload is one object: set-level ``dataSet``, ``completeDate``, ``period``, ``orgUnit`` and
attribute option combo (defaults for every value; the combo in any of DHIS2's forms, see
:mod:`~dudao.data.dhis2.set_combo`), optional id schemes (``idScheme``, ``dataElementIdScheme``,
``orgUnitIdScheme``: ``UID`` or ``CODE``), and ``dataValues``, a list of ``{dataElement,
categoryOptionCombo, period, orgUnit, attributeOptionCombo, value}`` with the value as text (a
value's ``categoryOptionCombo`` may be ``{category: option}`` too). ``deleted: true`` and an
empty value read as empty (NaN).

The list is decoded one value at a time, so each problem gets its line and column beside its
JSON path (``dataValues[12].value``), and a large file costs one pass, not a tree in memory.

>>> import io, tempfile, pathlib
>>> from dudao.data.dhis2.mapping import Dhis2Mapping, ElementMap, OrgUnitMap, Ref
>>> mapping = Dhis2Mapping((ElementMap("pupils_primary", Ref("fbfJHSPpUQD", "PUPILS_P")),),
...                        (OrgUnitMap("500105", "Jb5xQk1sHdE", "500105"),))
>>> path = pathlib.Path(tempfile.mkdtemp()) / "dvs.json"
>>> _ = path.write_text('''{"period": "2021", "orgUnit": "Jb5xQk1sHdE",
...   "dataValues": [{"dataElement": "fbfJHSPpUQD", "value": "1200"},
...                  {"dataElement": "fbfJHSPpUQD", "value": "12OO", "orgUnit": "500105"}]}''')
>>> batch = read_value_sets(path, mapping)
>>> batch.values[["unit", "element", "period", "value"]].values.tolist()
[['500105', 'pupils_primary', 2021, 1200.0]]
>>> problem = batch.problems[0]
>>> print(problem.location, problem.code)
/...dvs.json:3:18 (dataValues[1].value) not-a-number
>>> print(problem.message_zh)
pupils_primary：“12OO”不是数字，请填写数字，如 1234 或 85.5
>>> out = io.StringIO()
>>> write_value_sets(batch.values, mapping, out).written
1
>>> json.loads(out.getvalue())["dataValues"]
[{'dataElement': 'fbfJHSPpUQD', 'period': '2021', 'orgUnit': 'Jb5xQk1sHdE',
  'categoryOptionCombo': 'HllvX50cXC0', 'attributeOptionCombo': 'HllvX50cXC0', 'value': '1200'}]
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

import pandas as pd

from dudao.data.dhis2.export import Empty, Exporter, ExportReport, open_text
from dudao.data.dhis2.json_scan import NotAPayload, Progress, Scanner
from dudao.data.dhis2.mapping import Dhis2Mapping, IdScheme
from dudao.data.dhis2.set_combo import set_combo
from dudao.data.dhis2.translate import Collector
from dudao.data.records import ValueBatch
from dudao.errors import Location, Problem
from dudao.limits import limit, too_large

_DEFAULTS = ("period", "orgUnit", "attributeOptionCombo")
_SCHEMES = {"idScheme": "", "dataElementIdScheme": "dataElement", "orgUnitIdScheme": "orgUnit"}


def read_value_sets(path: str | Path, mapping: Dhis2Mapping, progress: Progress | None = None) -> ValueBatch:
    """The values of a ``dataValueSets`` payload that the mapping takes; see the module doc."""
    file = str(path)
    try:
        size = Path(path).stat().st_size
        if size > limit("MAX_JSON_BYTES"):
            return _refused(too_large(file, size, "MAX_JSON_BYTES", what_zh="文件", what_en="the file"))
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as error:
        return _refused(Problem.of("file-unreadable", Location(file), file=file, reason=error.strerror))
    except UnicodeDecodeError:
        return _refused(Problem.of("file-encoding", Location(file)))
    scanner = Scanner(text)
    try:
        header, offsets = scanner.payload(progress)
    except json.JSONDecodeError as error:
        where = Location(file, error.lineno, error.colno)
        return _refused(Problem.of("json-syntax", where, detail=error.msg))
    except NotAPayload as shape:
        line, column = scanner.position(shape.at)
        return _refused(Problem.of("json-shape", Location(file, line, column), variant=shape.variant))
    except RecursionError:
        return _refused(Problem.of("json-shape", Location(file), variant="set-too-deep"))
    schemes = _id_schemes(header, file)
    if isinstance(schemes, Problem):
        return ValueBatch.of([], source=file, problems=[schemes])
    rows = Collector(mapping, file, schemes)
    members: dict[
        str, Location
    ] = {  # located only where a message may need them: each is a pass over the text before it
        key: Location(file, *scanner.locate(scanner.members[key]), key)
        for key in ("attributeOptionCombo", "attributeCategoryOptions")
        if key in scanner.members
    }
    combo = set_combo(header, members, mapping)
    defaults = {key: _text(header.get(key)) or "" for key in ("period", "orgUnit")}
    defaults["attributeOptionCombo"] = combo.id
    positions = Scanner(text)  # a fresh counter of lines, as the offsets come in order
    relying = 0  # values without an attribute option combo of their own, when the set's is refused
    for index, offset in enumerate(offsets):
        value = positions.decode(offset)
        line, column = positions.position(offset)
        path = f"dataValues[{index}]"
        if combo.refused is not None and isinstance(value, dict) and not value.get("attributeOptionCombo"):
            relying += 1
            continue
        _add(rows, value, defaults, Location(file, line, column, path), path, combo.categories)
    if combo.warning is not None:
        rows.problems.append(combo.warning)
    if combo.refused is not None and relying:
        rows.found(combo.refused.problem(relying))
    return rows.batch()


def _add(
    rows: Collector,
    value: object,
    defaults: dict[str, str],
    where: Location,
    path: str,
    set_categories: Mapping[str, str] | None = None,
) -> None:
    if not isinstance(value, dict):
        rows.found(Problem.of("json-shape", _at(where, path), variant="data-value"))
        return
    categories = _categories(value.get("categoryOptionCombo"))
    if categories is not None:  # current DHIS2 also takes a value's combo as {category: option}
        value = {**value, "categoryOptionCombo": None}
    ids = {key: _text(value.get(key)) for key in ("dataElement", "categoryOptionCombo", *_DEFAULTS)}
    for key, text in ids.items():
        if text is None:
            where_key = _at(where, f"{path}.{key}")
            rows.found(Problem.of("json-shape", where_key, variant="data-value-text", key=key))
            return
    known = {key: text or defaults.get(key, "") for key, text in ids.items() if text is not None}
    for key in ("dataElement", "period", "orgUnit"):
        if not known[key]:
            rows.found(Problem.of("required", _at(where, f"{path}.{key}"), variant="dhis2-value", key=key))
            return
    raw = None if value.get("deleted") is True else value.get("value")
    own_combo = bool(ids["attributeOptionCombo"])
    rows.add(known, raw, where, path, categories=categories, attributes=None if own_combo else set_categories)


def write_value_sets(
    frame: pd.DataFrame, mapping: Dhis2Mapping, out: str | Path | TextIO, *, empty: Empty = "skip"
) -> ExportReport:
    """Write the long ``frame`` (unit, element, period, value) as a payload DHIS2 imports, with the
    mapping's id scheme. ``empty="delete"`` writes empty values too (DHIS2 then deletes them)."""
    scheme = mapping.id_scheme
    exporter = Exporter(mapping, scheme, empty)
    default = mapping.default_combo.id(scheme)
    attribute = mapping.attribute_combo.id(scheme) if mapping.attribute_combo else default
    head: dict[str, str] = {"idScheme": "CODE"} if scheme == "code" else {}
    if mapping.data_set.id(scheme):
        head["dataSet"] = mapping.data_set.id(scheme)
    written = 0
    with open_text(out) as handle:
        handle.write(json.dumps(head, ensure_ascii=False)[:-1] + (", " if head else "") + '"dataValues": [\n')
        for row in exporter.rows(frame):
            combo = row.entry.combo.id(scheme) if row.entry.combo else default
            value = {
                "dataElement": row.entry.data_element.id(scheme),
                "period": mapping.periods.dhis2(row.year),
                "orgUnit": row.org_unit,
                "categoryOptionCombo": combo,
                "attributeOptionCombo": attribute,
            }
            # a default combo without an id in the scheme is left out: DHIS2 reads none as the
            # default (the Exporter refuses a combo of another kind that has no id)
            value = {key: text for key, text in value.items() if text} | {"value": row.value}
            handle.write((",\n" if written else "") + json.dumps(value, ensure_ascii=False))
            written += 1
        handle.write(("\n" if written else "") + "]}\n")
    return exporter.report(written)


def _id_schemes(header: dict[str, object], file: str) -> dict[str, IdScheme | None] | Problem:
    """The payload's id schemes per object type (None: try UID, then code)."""
    schemes: dict[str, IdScheme | None] = {"dataElement": None, "orgUnit": None}
    for key in _SCHEMES:  # the general one first, so that the specific ones override it
        value = header.get(key)
        if value is None:
            continue
        name = str(value).strip().lower()
        if name not in ("uid", "id", "code"):
            return Problem.of("dhis2-id-scheme", Location(file, field=key), key=key, value=value)
        scheme = "code" if name == "code" else "uid"
        targets = (_SCHEMES[key],) if _SCHEMES[key] else tuple(schemes)
        schemes.update(dict.fromkeys(targets, scheme))
    return schemes


def _categories(combo: object) -> dict[str, str] | None:
    """A combo given as ``{category: option}`` (text to text), or None."""
    if isinstance(combo, dict) and all(isinstance(option, str) for option in combo.values()):
        return {str(category).strip(): option.strip() for category, option in combo.items()}
    return None


def _text(value: object) -> str | None:
    """A DHIS2 identifier or period as text ("" when absent); None when it is not text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _at(where: Location, field: str) -> Location:
    return Location(where.file, where.line, where.column, field)


def _refused(problem: Problem) -> ValueBatch:
    """No values: the file as a whole is refused for ``problem``."""
    return ValueBatch.of([], source=problem.location.file, problems=[problem])
