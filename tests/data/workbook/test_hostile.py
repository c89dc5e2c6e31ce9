"""Workbooks that would exhaust the machine, and cells whose value cannot be read (issue #16,
items 10 and 11): each is a located problem, read in bounded memory."""

from __future__ import annotations

import re
import resource
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dudao.data.workbook import read_workbook
from dudao.data.workbook.layout import CODE_ROW, FIRST_ROW
from dudao.data.workbook.schools import SHEET
from dudao.scheme import Scheme

from .filling import rows_by_code

AREA = "A1 加强党对教育工作的全面领导"
INPUT = "G"


def _rewrite(source: Path, target: Path, entry_of: str, change: Callable[[str], str]) -> Path:
    """A copy of ``source`` whose zip entry ``entry_of`` is changed as text."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == entry_of:
                data = change(data.decode("utf-8")).encode("utf-8")
            new.writestr(item, data)
    return target


def _sheet_entry(path: Path, sheet: str) -> str:
    book = load_workbook(path)
    index = book.sheetnames.index(sheet)
    return f"xl/worksheets/sheet{index + 1}.xml"


def _add_cell(xml: str, ref: str, value: str = "1") -> str:
    row = re.match(r"[A-Z]+(\d+)", ref)
    assert row is not None
    cell = f'<row r="{row.group(1)}"><c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c></row>'
    return xml.replace("</sheetData>", cell + "</sheetData>")


def _peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@pytest.mark.parametrize("ref", ["XFD1048576", "A1048576"])
def test_a_cell_far_outside_the_template_is_refused_before_the_sheet_is_laid_out(
    tmp_path: Path, unit_template: Path, scheme: Scheme, ref: str
) -> None:
    entry = _sheet_entry(unit_template, AREA)
    path = _rewrite(unit_template, tmp_path / "far.xlsx", entry, lambda xml: _add_cell(xml, ref))
    before = _peak_bytes()
    batch = read_workbook(path, scheme)
    assert _peak_bytes() - before < 500 * 2**20  # was an abort at 512 GB, or 1.36 GB
    [problem] = [p for p in batch.problems if p.code == "sheet-too-large"]
    assert problem.location.field == f"{AREA}!{ref}"
    assert f"单元格 {ref}" in problem.message_zh and "rows ×" in problem.message_en
    assert len(batch.problems) < 5  # one problem, not a million


def test_a_declared_dimension_far_beyond_the_cells_is_refused(
    tmp_path: Path, unit_template: Path, scheme: Scheme
) -> None:
    entry = _sheet_entry(unit_template, AREA)
    path = _rewrite(
        unit_template,
        tmp_path / "dimension.xlsx",
        entry,
        lambda xml: xml.replace("</sheetPr>", '</sheetPr><dimension ref="A1:XFD1048576"/>', 1),
    )
    problems = [p for p in read_workbook(path, scheme).problems if p.code == "sheet-too-large"]
    assert [p.location.field for p in problems] == [f"{AREA}!A1"]
    assert "A1:XFD1048576" in problems[0].message_zh


def test_a_deflate_bomb_named_xlsx_is_refused_before_it_is_unpacked(tmp_path: Path, scheme: Scheme) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as stream:
            block = b"0" * (1 << 20)
            for _ in range(1200):  # 1.2 GB of zeros, ~1.2 MB packed
                stream.write(block)
    assert path.stat().st_size < 5 * 2**20
    before = _peak_bytes()
    [problem] = read_workbook(path, scheme).problems
    assert _peak_bytes() - before < 200 * 2**20
    assert problem.code in ("file-too-large", "zip-bomb")
    assert problem.location.file == str(path)


def test_an_entry_packed_a_thousand_to_one_is_a_bomb(tmp_path: Path, scheme: Scheme) -> None:
    path = tmp_path / "ratio.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (50 << 20))
    [problem] = read_workbook(path, scheme).problems
    assert problem.code == "zip-bomb" and "sheet1.xml" in problem.message_en


def test_too_many_entries_are_refused(
    tmp_path: Path, scheme: Scheme, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DUDAO_MAX_ZIP_ENTRIES", "50")
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(60):
            archive.writestr(f"part{n}.xml", "<x/>")
    [problem] = read_workbook(path, scheme).problems
    assert problem.code == "file-too-large" and "60" in problem.message_zh


def _with_formulas(unit_template: Path, tmp_path: Path) -> Path:
    """G6 a formula with no saved value, G8 one whose saved value is #DIV/0!."""
    book = load_workbook(unit_template)
    book[AREA][f"{INPUT}6"] = "=1+1"
    book[AREA][f"{INPUT}8"] = "=1/0"
    book.save(tmp_path / "formulas.xlsx")  # openpyxl saves no computed values
    entry = _sheet_entry(unit_template, AREA)

    def cache_error(xml: str) -> str:
        return re.sub(
            rf'<c r="{INPUT}8"([^>]*)><f>1/0</f><v\s*/?>(?:</v>)?</c>',
            rf'<c r="{INPUT}8"\1 t="e"><f>1/0</f><v>#DIV/0!</v></c>',
            xml,
        )

    return _rewrite(tmp_path / "formulas.xlsx", tmp_path / "formulas2.xlsx", entry, cache_error)


def test_formula_cells_without_a_value_or_with_an_error_are_reported_by_cell(
    tmp_path: Path, unit_template: Path, scheme: Scheme
) -> None:
    batch = read_workbook(_with_formulas(unit_template, tmp_path), scheme)
    found = {p.location.field: p for p in batch.problems}
    assert found[f"{AREA}!{INPUT}6"].code == "formula-not-computed"
    assert found[f"{AREA}!{INPUT}8"].code == "formula-error"
    assert "#DIV/0!" in found[f"{AREA}!{INPUT}8"].message_zh
    assert batch.has_errors  # not "0 values read" and exit 0


def test_a_percent_formatted_cell_is_read_as_percent_in_a_percent_field(
    tmp_path: Path, school_template: Path, scheme: Scheme
) -> None:
    book = load_workbook(school_template)
    sheet = book[SHEET]
    codes = {str(sheet.cell(CODE_ROW, c).value): c for c in range(1, sheet.max_column + 1)}
    rate, pupils = codes["school_fitness_rate"], codes["teachers"]
    for row, (column, value) in enumerate([(rate, 0.88), (pupils, 0.5)], start=FIRST_ROW):
        cell = sheet.cell(row, column)
        cell.value = value
        cell.number_format = "0%"
    book.save(tmp_path / "percent.xlsx")
    batch = read_workbook(tmp_path / "percent.xlsx", scheme)
    stored = dict(zip(batch.values["element"], batch.values["value"], strict=True))
    assert stored == {"school_fitness_rate": 88.0}  # 88 %, not 0.88
    [problem] = batch.problems
    assert problem.code == "percent-unit" and "人" in problem.message_zh


def test_a_template_still_reads_in_full(tmp_path: Path, unit_template: Path, scheme: Scheme) -> None:
    """The bounds leave a real template alone: every typed value is read."""
    path = tmp_path / "filled.xlsx"
    shutil.copy(unit_template, path)
    book = load_workbook(path)
    sheet = book[AREA]
    rows = rows_by_code(sheet)
    sheet[f"{INPUT}{rows['edu_group_meetings']}"] = 12
    book.save(path)
    batch = read_workbook(path, scheme)
    assert batch.problems == () and batch.values["value"].tolist() == [12.0]
