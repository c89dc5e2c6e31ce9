"""One entry for every exchange format: which format a file is in, and reading or writing it.

========== ====================================== =========================================
format     file                                   needs
========== ====================================== =========================================
``csv``    long CSV: unit, element, period, value
``json``   long JSON: ``{"values": [...]}``
``xlsx``   a dudao Excel template, filled in       the scheme (to check its layout)
``dhis2``  DHIS2 ``dataValueSets`` JSON            a mapping file (DHIS2 codes ↔ ours)
``adx``    DHIS2 / IHE ADX XML                     a mapping file
========== ====================================== =========================================

>>> format_of("values.csv"), format_of("填报表.XLSX"), format_of("export.xml")
('csv', 'xlsx', 'adx')
>>> format_of("notes.txt")
Traceback (most recent call last):
...
dudao.errors.UnknownFormat: 无法从扩展名 .txt 判断文件格式；可用：.csv .json .xlsx .xml
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from dudao.data.long_format import Progress, read_long_csv, read_long_json, write_long_csv, write_long_json
from dudao.data.records import ValueBatch
from dudao.errors import InputError

# Defined in dudao.errors (the one exception tree); kept importable from here, where the
# commands and pages that read files have always found them.
from dudao.errors import MappingNeeded as MappingNeeded
from dudao.errors import UnknownFormat as UnknownFormat
from dudao.scheme.model import Scheme

if TYPE_CHECKING:
    from dudao.data.dhis2 import Dhis2Mapping
    from dudao.data.dhis2.export import ExportReport

FORMATS = ("csv", "json", "xlsx", "dhis2", "adx")
EXPORT_FORMATS = ("csv", "json", "dhis2", "adx")
_BY_SUFFIX = {".csv": "csv", ".xlsx": "xlsx", ".xml": "adx", ".adx": "adx"}
_PEEK_BYTES = 65536


def format_of(path: str | Path, given: str | None = None) -> str:
    """``given`` when set, else the format the file's name (and, for JSON, its start) says."""
    if given:
        if given not in FORMATS:
            raise UnknownFormat("given", given=given, known_zh=" ".join(FORMATS), known_en=", ".join(FORMATS))
        return given
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "dhis2" if _looks_like_value_sets(path) else "json"
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    raise UnknownFormat(suffix_zh=suffix or "（无）", suffix_en=suffix or "(none)")


def _looks_like_value_sets(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            start = handle.read(_PEEK_BYTES)
    except OSError:
        return False
    return b'"dataValues"' in start


def read_values(
    path: str | Path,
    *,
    format: str | None = None,
    scheme: Scheme | None = None,
    mapping: str | Path | None = None,
    progress: Progress | None = None,
) -> ValueBatch:
    """The values of ``path`` in its format (see the table above), cells not read as problems."""
    kind = format_of(path, format)
    if kind == "csv":
        return read_long_csv(path, progress)
    if kind == "json":
        return read_long_json(path)
    if kind == "xlsx":
        if scheme is None:
            raise ValueError("reading a workbook needs the scheme")
        from dudao.data.workbook import read_workbook

        return read_workbook(path, scheme, progress=progress)
    return _read_dhis2(path, kind, mapping, progress)


def _read_dhis2(
    path: str | Path, kind: str, mapping_path: str | Path | None, progress: Progress | None
) -> ValueBatch:
    from dudao.data import dhis2

    mapping = _mapping(mapping_path)
    if kind == "dhis2":
        return dhis2.read_value_sets(path, mapping, progress)
    return dhis2.read_adx(path, mapping)


def write_values(
    values: pd.DataFrame, path: str | Path, format: str, *, mapping: str | Path | None = None
) -> ExportReport:
    """Write long ``values`` (unit, element, period, value) in ``format``; the report says how
    many were written and, for DHIS2, how many were left out and why (written + left out =
    ``len(values)``). CSV and JSON write every value, an empty one as an empty cell or null."""
    from dudao.data.dhis2.export import ExportReport

    if format not in EXPORT_FORMATS:
        raise UnknownFormat(
            "export", given=format, known_zh=" ".join(EXPORT_FORMATS), known_en=", ".join(EXPORT_FORMATS)
        )
    if format in ("csv", "json"):
        (write_long_csv if format == "csv" else write_long_json)(values, path)
        return ExportReport(len(values), len(values))
    from dudao.data import dhis2

    table = _mapping(mapping)
    writer = dhis2.write_value_sets if format == "dhis2" else dhis2.write_adx
    return writer(values, table, path)


def _mapping(path: str | Path | None) -> Dhis2Mapping:
    from dudao.data import dhis2

    if path is None:
        raise MappingNeeded("DHIS2 files need a mapping file (--mapping)")
    table, problems = dhis2.load_mapping(path)
    if table is None:
        raise InputError(problems, what=str(path))
    return table
