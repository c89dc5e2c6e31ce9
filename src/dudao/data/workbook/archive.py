"""A workbook's zip archive, checked before any sheet is read, and what calamine does not say.

An .xlsx file is a zip of XML files. :func:`open_archive` refuses, before anything is unpacked,
an archive with too many entries, too many bytes once unpacked, or an entry packed more tightly
than any sheet is (a deflate bomb); the bounds are :mod:`dudao.limits`. :func:`scan_sheet` then
streams one sheet's XML (unpacking stops at the declared size, which zipfile holds the entry to)
and reports what the reader needs before calamine lays the sheet out in memory:

- the last row and column holding a cell, and the declared ``<dimension>``: calamine allocates
  the whole area from A1, so a single cell at ``XFD1048576`` would ask for 500 GB;
- the cells formatted as a percent (Excel stores 88% as 0.88);
- the formula cells without a cached value, and the cells holding an error (``#DIV/0!``),
  which calamine gives as empty or as text.

>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
...     archive.writestr("xl/worksheets/sheet1.xml", '<worksheet><sheetData><row r="2">'
...         '<c r="B2" s="1"><v>0.88</v></c><c r="C2"><f>A1/0</f><v>#DIV/0!</v></c>'
...         '<c r="D2" t="e"><f>A1/0</f><v>#DIV/0!</v></c><c r="E7"><f>1+1</f></c></row>'
...         '</sheetData></worksheet>')
>>> with zipfile.ZipFile(buffer) as archive:
...     scan = scan_sheet(archive, "xl/worksheets/sheet1.xml", frozenset({1}))
>>> scan.last_row, scan.last_column, sorted(scan.percent), scan.errors, sorted(scan.uncached)
(7, 5, ['B2'], {'D2': '#DIV/0!'}, ['E7'])
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from dudao.errors import Location, Problem
from dudao.limits import archive_problem

_CHUNK = 1 << 22
_CELL_REF = re.compile(rb" r=\"([A-Z]{1,3})(\d{1,7})\"")  # only a cell's r holds letters and digits
_ERROR_CELL = re.compile(rb"(<(?:\w+:)?c\b[^>]*?\bt=\"e\"[^>]*>)(.*?)</(?:\w+:)?c>", re.S)
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([^\"]*)\"")
_REF = re.compile(r"\$?([A-Z]{1,3})\$?(\d{1,7})")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)<")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_PERCENT_FORMATS = frozenset({9, 10})  # Excel's built-in 0% and 0.00%
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass(frozen=True)
class Archive:
    """The bounded archive: each sheet's XML entry by sheet name, and the percent styles."""

    sheets: dict[str, str]
    percent_styles: frozenset[int]


@dataclass
class SheetScan:
    last_row: int = 0
    last_column: int = 0
    declared: str = ""  # the <dimension> ref, when it reaches beyond the cells
    declared_rows: int = 0
    declared_columns: int = 0
    row_cell: str = ""  # a cell in the last row
    column_cell: str = ""  # a cell in the last column
    percent: set[str] = field(default_factory=set)
    errors: dict[str, str] = field(default_factory=dict)  # cell → #DIV/0!, #N/A, …
    uncached: set[str] = field(default_factory=set)  # formula cells with no value saved

    def area(self) -> tuple[int, int]:
        """The rows and columns the reader would lay out from A1."""
        return max(self.last_row, self.declared_rows), max(self.last_column, self.declared_columns)


def open_archive(path: str | Path, file: str) -> tuple[zipfile.ZipFile, Archive] | Problem:
    """The zip archive of a workbook, once its sizes are within bounds; else the problem."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        return Problem.of("not-xlsx", Location(file), variant="archive-damaged", error=error)
    problem = archive_problem(archive, file)
    if problem is not None:
        archive.close()
        return problem
    try:
        return archive, Archive(_sheet_entries(archive), _percent_styles(archive))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, ValueError) as error:
        archive.close()
        return Problem.of("not-xlsx", Location(file), variant="archive-damaged", error=error)


def scan_sheet(archive: zipfile.ZipFile, entry: str, percent_styles: frozenset[int]) -> SheetScan:
    """One pass over a sheet's XML (see the module's docstring), by whole rows; the work per
    cell is done by the regular expression engine, so a sheet of a million cells takes a second."""
    scan = SheetScan()
    styled = _styled_cells(percent_styles)
    rest = b""
    with archive.open(entry) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = rest + chunk
            end = len(data) if not chunk else data.rfind(b"</row>") + len(b"</row>")
            if end < len(b"</row>"):  # no whole row yet (or a file of self-closing rows)
                end = len(data) if len(data) > 4 * _CHUNK else 0
            _scan_rows(data[:end], scan, styled)
            rest = data[end:]
            if not chunk:
                break
    return scan


def _styled_cells(percent_styles: frozenset[int]) -> re.Pattern[bytes] | None:
    if not percent_styles:
        return None
    styles = b"|".join(str(s).encode() for s in sorted(percent_styles))
    return re.compile(rb"<(?:\w+:)?c\b[^>]*?\bs=\"(?:" + styles + rb")\"[^>]*>")


def _scan_rows(data: bytes, scan: SheetScan, styled: re.Pattern[bytes] | None) -> None:
    if not data:
        return
    if not scan.declared:
        dimension = _DIMENSION.search(data)
        if dimension is not None:
            _declared(scan, dimension.group(1).decode("ascii", "replace"))
    last = _ROW.match(data, max(data.rfind(b"<row "), data.rfind(b":row ") - 1, 0))  # rows come in order
    if last is not None and int(last.group(1)) > scan.last_row:
        scan.last_row, scan.row_cell = (
            int(last.group(1)),
            f"A{last.group(1).decode()}",
        )  # until a cell is seen
    refs = _CELL_REF.findall(data)
    if refs:
        last_row = max(int(digits) for _, digits in refs)
        if last_row >= scan.last_row:
            letters = next(letters for letters, digits in reversed(refs) if int(digits) == last_row)
            scan.last_row, scan.row_cell = last_row, f"{letters.decode()}{last_row}"
        widest = max({letters for letters, _ in refs}, key=lambda letters: (len(letters), letters))
        column = _column_number(widest.decode())
        if column > scan.last_column:
            digits = next(digits for letters, digits in refs if letters == widest)
            scan.last_column, scan.column_cell = column, f"{widest.decode()}{digits.decode()}"
    if styled is not None:
        scan.percent.update(_name(cell.group(0)) for cell in styled.finditer(data))
    for cell in _ERROR_CELL.finditer(data) if b'"e"' in data else ():
        value = _VALUE.search(cell.group(2))
        scan.errors[_name(cell.group(1))] = value.group(1).decode("utf-8", "replace") if value else "#ERROR"
    formulas = any(mark in data for mark in (b"<f>", b"<f ", b":f>", b":f "))
    for formula in _FORMULA.finditer(data) if formulas else ():
        start = max(data.rfind(b"<c ", 0, formula.start()), data.rfind(b":c ", 0, formula.start()))
        end = data.find(b"c>", formula.end())
        if start < 0 or end < 0:
            continue
        body = data[start:end]
        value = _VALUE.search(body)
        if b't="e"' not in body[: body.find(b">")] and (value is None or not value.group(1).strip()):
            scan.uncached.add(_name(body))


def _name(tag: bytes) -> str:
    found = _CELL_REF.search(tag)
    return f"{found.group(1).decode()}{found.group(2).decode()}" if found else ""


def _declared(scan: SheetScan, ref: str) -> None:
    last = ref.split(":")[-1]
    match = _REF.fullmatch(last)
    if match is not None:
        scan.declared = ref
        scan.declared_rows, scan.declared_columns = int(match.group(2)), _column_number(match.group(1))


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _sheet_entries(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip entry of its XML, from xl/workbook.xml and its relationships."""
    book = ElementTree.fromstring(_small(archive, "xl/workbook.xml"))
    rels = ElementTree.fromstring(_small(archive, "xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_RELS}Relationship")}
    entries = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_DOC_RELS}id"), "")
        entry = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        entries[sheet.get("name", "")] = entry
    return entries


def _percent_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """The cell style indices (``s``) whose number format shows a percent."""
    if "xl/styles.xml" not in archive.namelist():
        return frozenset()
    styles = ElementTree.fromstring(_small(archive, "xl/styles.xml"))
    percent_ids = set(_PERCENT_FORMATS)
    for number_format in styles.iter(f"{_MAIN}numFmt"):
        code = re.sub(r'"[^"]*"|\\.', "", number_format.get("formatCode", ""))
        if "%" in code:
            percent_ids.add(int(number_format.get("numFmtId", "-1")))
    found = set()
    cell_formats = styles.find(f"{_MAIN}cellXfs")
    for index, xf in enumerate(cell_formats if cell_formats is not None else ()):
        if int(xf.get("numFmtId", "0")) in percent_ids:
            found.add(index)
    return frozenset(found)


def _small(archive: zipfile.ZipFile, name: str) -> bytes:
    """A part that is small in any real workbook (its size is already bounded in all)."""
    with archive.open(name) as stream:
        return stream.read()
