"""What a written template holds: sheets, codes, last year's values, validation, protection."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dudao.data.workbook import write_template
from dudao.data.workbook.layout import INSTRUCTIONS_SHEET, META_SHEET
from dudao.engine.dataset import Dataset
from dudao.errors import DataError
from dudao.expr.ir import Level
from dudao.scheme import Scheme
from dudao.scheme.groups import element_groups
from tests.data.workbook.conftest import PERIOD, UNIT
from tests.data.workbook.filling import rows_by_code


def test_the_instructions_come_first_and_the_layout_sheet_is_very_hidden(
    unit_template: Path, scheme: Scheme
) -> None:
    book = load_workbook(unit_template)
    areas = [g for g in element_groups(scheme) if any(e.level is Level.UNIT for e in g.elements)]
    assert book.sheetnames[0] == INSTRUCTIONS_SHEET and book.sheetnames[-1] == META_SHEET
    assert len(book.sheetnames) == len(areas) + 2
    assert book.sheetnames[1].startswith(areas[0].code + " ")
    assert book[META_SHEET].sheet_state == "veryHidden"
    assert all(book[name].sheet_state == "visible" for name in book.sheetnames[:-1])
    assert book.security is not None and book.security.lockStructure


def test_the_instructions_are_in_chinese_and_say_what_is_accepted(unit_template: Path) -> None:
    sheet = load_workbook(unit_template)[INSTRUCTIONS_SHEET]
    text = "\n".join(str(c.value) for c in sheet["A"] if c.value)
    for words in (
        "黄色单元格",
        "1,234",
        "是”或“否",
        "留空的单元格不导入",
        "不要修改代码列",
        "工作表!单元格",
        "江北区（500105）",
    ):
        assert words in text
    assert sheet.protection.sheet


def test_samples_are_marked(unit_template: Path, scheme: Scheme, dataset: Dataset) -> None:
    assert scheme.info.sample and dataset.label == "示例数据"
    book = load_workbook(unit_template)
    assert "示例" in str(book[INSTRUCTIONS_SHEET]["A1"].value)
    sheet = book.worksheets[1]
    assert "示例" in str(sheet["A1"].value) and "示例数据" in str(sheet["A2"].value)


def test_an_area_sheet_lists_codes_names_units_standards_and_last_years_values(
    unit_template: Path, scheme: Scheme, dataset: Dataset
) -> None:
    book = load_workbook(unit_template)
    sheet = book.worksheets[1]
    assert [c.value for c in sheet[5]] == [
        "代码",
        "数据项",
        "计量单位",
        "填写要求",
        "评价标准",
        "2020 年（上年）",
        "2021 年填报",
    ]
    assert (sheet["F3"].value, sheet["G3"].value, sheet["F4"].value) == (UNIT, UNIT, "江北区")
    row = rows_by_code(sheet)["edu_group_meetings"]
    element = scheme.element_by_code["edu_group_meetings"]
    assert [sheet.cell(row, c).value for c in range(2, 5)] == [element.name, element.unit, "不小于 0 次"]
    assert str(sheet.cell(row, 5).value).startswith("A1.")
    values = dataset.values
    last_year = values[
        (values.unit == UNIT) & (values.element == "edu_group_meetings") & (values.period == PERIOD - 1)
    ]
    assert sheet.cell(row, 6).value == last_year["value"].iloc[0]
    yes_no = rows_by_code(sheet)["leaders_report_edu"]
    assert sheet.cell(yes_no, 6).value in ("是", "否")


def test_only_the_input_cells_are_unlocked_and_the_sheet_is_protected(unit_template: Path) -> None:
    book = load_workbook(unit_template)
    for sheet in book.worksheets[1:-1]:
        assert sheet.protection.sheet
        for row in rows_by_code(sheet).values():
            assert not sheet.cell(row, 7).protection.locked
            assert all(sheet.cell(row, c).protection.locked for c in range(1, 7))
        assert all(c.protection.locked for r in sheet.iter_rows(max_row=5) for c in r)


def test_input_cells_have_data_validation_with_chinese_messages(unit_template: Path, scheme: Scheme) -> None:
    book = load_workbook(unit_template)
    rules = {}
    for sheet in book.worksheets[1:-1]:
        rows = {row: code for code, row in rows_by_code(sheet).items()}
        for rule in sheet.data_validations.dataValidation:
            cells = str(rule.sqref).split()
            assert len(cells) == 1 and cells[0].startswith("G")
            rules[rows[int(cells[0][1:])]] = rule
    assert set(rules) == {e.code for e in scheme.elements if e.level is Level.UNIT}
    score = rules["satisfaction_public"]
    assert (score.type, score.operator, score.formula1, score.formula2) == ("decimal", "between", "0", "100")
    assert score.showErrorMessage and score.errorStyle == "stop" and score.showInputMessage
    assert score.error == "社会公众满意度得分：请填写数字，范围 0 至 100 分"
    assert "社会公众满意度得分" in str(score.prompt) and "留空" in str(score.prompt)
    yes_no = rules["data_fraud"]
    assert (yes_no.type, yes_no.formula1) == ("list", '"是,否"')
    assert "是”或“否" in str(yes_no.error)


def test_a_school_template_has_a_row_per_school_and_a_validated_column_per_element(
    school_template: Path, scheme: Scheme, dataset: Dataset
) -> None:
    book = load_workbook(school_template)
    assert book.sheetnames == [INSTRUCTIONS_SHEET, "学校数据", META_SHEET]
    sheet = book["学校数据"]
    school_elements = [e.code for g in element_groups(scheme) for e in g.elements if e.level is Level.SCHOOL]
    assert [c.value for c in sheet[3]][3:] == school_elements
    schools = [u.code for u in dataset.units_at("school") if u.parent == UNIT]
    assert list(rows_by_code(sheet)) == schools
    assert sheet.cell(6, 3).value == "江北区"
    assert sheet.protection.sheet
    assert sheet.column_dimensions["D"].protection.locked is False
    assert sheet["A6"].protection.locked and sheet["D3"].protection.locked
    last = 5 + len(schools)
    rules = {str(r.sqref): r for r in sheet.data_validations.dataValidation}
    assert len(rules) == len(school_elements)
    first = rules[f"D6:D{last}"]  # has_party_org, the first school element of area A1
    assert (first.type, first.formula1) == ("list", '"是,否"')
    enrolled = school_elements.index("kg_enrolled")
    column = sheet.cell(3, 4 + enrolled).column_letter
    kg = rules[f"{column}6:{column}{last}"]
    assert (kg.type, kg.formula1, kg.formula2) == ("decimal", "0", "3000")


def test_a_template_for_all_schools_has_every_school(scheme: Scheme, dataset: Dataset) -> None:
    layout = write_template(scheme, dataset, PERIOD, io.BytesIO(), schools=True)
    assert len(layout.sheets[0].rows) == len(dataset.units_at("school"))


def test_a_unit_that_is_not_a_district_of_the_data_is_refused(scheme: Scheme, dataset: Dataset) -> None:
    with pytest.raises(DataError) as raised:
        write_template(scheme, dataset, PERIOD, io.BytesIO(), unit="999999")
    assert raised.value.problems[0].code == "unknown-unit"
    with pytest.raises(DataError):
        write_template(scheme, dataset, PERIOD, io.BytesIO(), unit="500000")  # the city, not a district
