"""Write a template, fill it the way a user would (openpyxl), read it back: the same values."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from dudao.data.records import check_batch
from dudao.data.workbook import read_workbook, write_template
from dudao.data.workbook.layout import INSTRUCTIONS_SHEET, META_SHEET
from dudao.engine.dataset import Dataset
from dudao.expr.ir import Level, Type
from dudao.scheme import Scheme
from tests.data.workbook.conftest import PERIOD, UNIT
from tests.data.workbook.filling import rows_by_code, typed

INPUT = "G"  # a one-unit template: F is last year's value, G this year's input


def stored(batch: object) -> dict[tuple[str, str], float]:
    frame = batch.values  # type: ignore[attr-defined]
    assert (frame["period"] == PERIOD).all()
    return dict(zip(zip(frame["unit"], frame["element"], strict=True), frame["value"], strict=True))


def fill_unit_template(path: Path, scheme: Scheme) -> dict[tuple[str, str], float]:
    """Type a value into every third-or-so input cell of every area sheet; return what they mean."""
    book = load_workbook(path)
    expected: dict[tuple[str, str], float] = {}
    n = 0
    for sheet in book.worksheets:
        if sheet.title in (INSTRUCTIONS_SHEET, META_SHEET):
            continue
        for code, row in rows_by_code(sheet).items():
            n += 1
            text, value = typed(scheme.element_by_code[code], n)
            if text is not None:
                sheet[f"{INPUT}{row}"] = text
                assert value is not None
                expected[(UNIT, code)] = value
    book.save(path)
    return expected


def level_of(scheme: Scheme) -> dict[str, str]:
    return {e.code: "school" if e.level is Level.SCHOOL else scheme.info.evaluates for e in scheme.elements}


def test_a_filled_unit_template_gives_back_exactly_the_values_typed(
    tmp_path: Path, unit_template: Path, scheme: Scheme, dataset: Dataset
) -> None:
    path = tmp_path / "filled.xlsx"
    shutil.copy(unit_template, path)
    expected = fill_unit_template(path, scheme)
    assert len(expected) > 50  # numbers, "1,234" text and 是/否 all among them
    batch = read_workbook(path, scheme)
    assert batch.problems == ()
    assert stored(batch) == expected
    assert batch.values["cell"].str.match(r"^.+!G\d+$").all()
    checked = check_batch(
        batch,
        scheme.elements,
        {u.code: u.level for u in dataset.units},
        level_of=level_of(scheme),
        periods=[PERIOD],
    )
    assert checked.problems == () and len(checked.values) == len(expected)


def test_reading_the_same_file_twice_gives_the_same_batch(
    tmp_path: Path, unit_template: Path, scheme: Scheme
) -> None:
    path = tmp_path / "filled.xlsx"
    shutil.copy(unit_template, path)
    fill_unit_template(path, scheme)
    first, second = read_workbook(path, scheme), read_workbook(path, scheme)
    pd.testing.assert_frame_equal(first.values, second.values)
    assert first.problems == second.problems


def test_text_numbers_are_read_as_numbers_and_a_percent_only_in_a_percent_field(
    tmp_path: Path, unit_template: Path, scheme: Scheme
) -> None:
    path = tmp_path / "filled.xlsx"
    shutil.copy(unit_template, path)
    book = load_workbook(path)
    rows = {code: (sheet, row) for sheet in book.worksheets for code, row in rows_by_code(sheet).items()}
    typed_in = {
        "satisfaction_public": "85.5",
        "edu_budget": " 1,234.5 ",
        "teacher_avg_pay": "１２３４５",
        "data_fraud": "否",
    }
    for code, text in typed_in.items():
        sheet, row = rows[code]
        sheet[f"{INPUT}{row}"] = text
    book.save(path)
    batch = read_workbook(path, scheme)
    assert batch.problems == ()
    assert stored(batch) == {
        (UNIT, "satisfaction_public"): 85.5,
        (UNIT, "edu_budget"): 1234.5,
        (UNIT, "teacher_avg_pay"): 12345.0,
        (UNIT, "data_fraud"): 0.0,
    }


def test_empty_and_blank_cells_are_skipped_not_imported_as_missing(
    tmp_path: Path, unit_template: Path, scheme: Scheme
) -> None:
    path = tmp_path / "blank.xlsx"
    shutil.copy(unit_template, path)
    book = load_workbook(path)
    sheet = book.worksheets[1]
    sheet[f"{INPUT}6"] = "   "
    book.save(path)
    batch = read_workbook(path, scheme)
    assert batch.problems == () and batch.values.empty


def test_a_template_for_every_district_reads_each_units_column(
    tmp_path: Path, scheme: Scheme, dataset: Dataset
) -> None:
    path = tmp_path / "all.xlsx"
    layout = write_template(scheme, dataset, PERIOD, path)
    first = layout.sheets[0]
    assert len(first.inputs) == len(dataset.units_at("district")) == 38
    book = load_workbook(path)
    sheet = book[first.name]
    expected = {}
    for n, (column, unit) in enumerate(first.inputs):
        for code, row in rows_by_code(sheet).items():
            text, value = typed(scheme.element_by_code[code], n + row)
            if text is not None:
                sheet.cell(row, column + 1, text)
                expected[(unit, code)] = value
    book.save(path)
    batch = read_workbook(path, scheme)
    assert batch.problems == ()
    assert stored(batch) == expected


def test_a_filled_school_template_gives_back_exactly_the_values_typed(
    tmp_path: Path, school_template: Path, scheme: Scheme, dataset: Dataset
) -> None:
    path = tmp_path / "schools.xlsx"
    shutil.copy(school_template, path)
    book = load_workbook(path)
    sheet = book["学校数据"]
    codes = [sheet.cell(3, c).value for c in range(1, sheet.max_column + 1)]
    schools = rows_by_code(sheet)
    assert len(schools) == sum(1 for u in dataset.units_at("school") if u.parent == UNIT)
    expected = {}
    for n, (school, row) in enumerate(list(schools.items())[:25]):
        for column, code in enumerate(codes[3:], start=4):
            text, value = typed(scheme.element_by_code[str(code)], n * 31 + column)
            if text is not None:
                sheet.cell(row, column, text)
                expected[(school, str(code))] = value
    book.save(path)
    batch = read_workbook(path, scheme)
    assert batch.problems == ()
    assert stored(batch) == expected
    checked = check_batch(
        batch, scheme.elements, {u.code: u.level for u in dataset.units}, level_of=level_of(scheme)
    )
    assert checked.problems == ()


NUMBER_CODES = ("edu_budget", "satisfaction_public", "per_pupil_funds_primary", "pop_3_5", "audit_issues")
YES_NO_CODES = ("data_fraud", "edu_plan_issued")


@st.composite
def entries(draw: st.DrawFn) -> tuple[str, object, float]:
    """An element, how a person might type a value it accepts, and the value."""
    code = draw(st.sampled_from((*NUMBER_CODES, *YES_NO_CODES)))
    if code in YES_NO_CODES:
        yes = draw(st.booleans())
        return code, draw(st.sampled_from(["是", "yes", "1", 1] if yes else ["否", "no", "0", 0])), float(yes)
    top = 100.0 if code == "satisfaction_public" else 20_000.0
    cents = draw(st.integers(0, int(top * 100)))
    value = cents / 100
    shown = draw(st.sampled_from(["number", "text", "comma"]))  # none of these has the unit %
    if shown == "number":
        return code, value, value
    if shown == "text":
        return code, f" {value} ", value
    return code, f"{value:,}", value


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(entries(), min_size=1, max_size=8, unique_by=lambda e: e[0]))
def test_whatever_accepted_value_is_typed_the_same_value_is_read(
    tmp_path: Path, unit_template: Path, scheme: Scheme, typed_in: list[tuple[str, object, float]]
) -> None:
    path = tmp_path / "property.xlsx"
    shutil.copy(unit_template, path)
    book = load_workbook(path)
    rows = {code: (sheet, row) for sheet in book.worksheets for code, row in rows_by_code(sheet).items()}
    for code, text, _ in typed_in:
        sheet, row = rows[code]
        sheet[f"{INPUT}{row}"] = text
    book.save(path)
    batch = read_workbook(path, scheme)
    assert batch.problems == ()
    assert stored(batch) == {(UNIT, code): value for code, _, value in typed_in}


def test_bool_elements_have_a_yes_no_cell(scheme: Scheme) -> None:
    """The property test's yes/no codes are yes/no elements of the unit level."""
    for code in YES_NO_CODES:
        element = scheme.element_by_code[code]
        assert element.type is Type.BOOL and element.level is Level.UNIT


def test_progress_is_reported_per_sheet(unit_template: Path, scheme: Scheme) -> None:
    seen: list[tuple[int, int]] = []
    read_workbook(unit_template, scheme, progress=lambda done, total: seen.append((done, total)))
    total = len(load_workbook(unit_template).sheetnames) - 2  # not 说明, not the layout sheet
    assert seen == [(n, total) for n in range(1, total + 1)]
