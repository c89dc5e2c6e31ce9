"""Corrupted workbooks: every problem names its exact ``sheet!cell`` and says what is accepted."""

from __future__ import annotations

import datetime
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.workbook.workbook import Workbook as Book

from dudao.data.records import ValueBatch
from dudao.data.workbook import read_workbook
from dudao.errors import Severity
from dudao.samples import bundled_scheme_path
from dudao.scheme import Scheme, load_scheme
from tests.data.workbook.filling import rows_by_code

AREA = "A1 加强党对教育工作的全面领导"  # rows: edu_group_meetings (6), leaders_report_edu (7), …
ENROLMENT = "A6 保障和促进教育公平"


def corrupt(template: Path, tmp_path: Path, change: Callable[[Book], None]) -> Path:
    path = tmp_path / "corrupt.xlsx"
    shutil.copy(template, path)
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def errors(batch: ValueBatch) -> list[tuple[str, str]]:
    return [(p.code, p.location.field) for p in batch.problems if p.severity is Severity.ERROR]


def fill_a1(book: Book) -> None:
    sheet = book[AREA]
    rows = rows_by_code(sheet)
    sheet[f"G{rows['edu_group_meetings']}"] = 6
    sheet[f"G{rows['leaders_report_edu']}"] = "是"


def test_the_rows_of_the_first_area_are_where_these_tests_expect(unit_template: Path) -> None:
    rows = rows_by_code(load_workbook(unit_template)[AREA])
    assert list(rows.items())[:3] == [
        ("edu_group_meetings", 6),
        ("leaders_report_edu", 7),
        ("edu_duty_in_assessment", 8),
    ]


def test_text_in_a_number_cell_is_rejected_at_its_cell(
    tmp_path: Path, unit_template: Path, scheme: Scheme
) -> None:
    def change(book: Book) -> None:
        fill_a1(book)
        book[AREA]["G6"] = "六次"

    batch = read_workbook(corrupt(unit_template, tmp_path, change), scheme)
    assert errors(batch) == [("not-a-number", f"{AREA}!G6")]
    problem = batch.problems[0]
    assert (
        problem.message_zh
        == "区委教育工作领导小组会议次数：“六次”不是数字，请填写数字，如 1234 或 85.5（本格允许：不小于 0 次）"
    )
    assert "not a number" in problem.message_en and "at least 0" in problem.message_en
    assert batch.values[["element", "value", "cell"]].values.tolist() == [
        ["leaders_report_edu", 1.0, f"{AREA}!G7"]
    ]


def test_a_deleted_row_is_named_where_it_was(tmp_path: Path, unit_template: Path, scheme: Scheme) -> None:
    def change(book: Book) -> None:
        fill_a1(book)
        book[AREA].delete_rows(7)

    batch = read_workbook(corrupt(unit_template, tmp_path, change), scheme)
    assert errors(batch) == [("deleted-row", f"{AREA}!A7")]
    assert "leaders_report_edu" in batch.problems[0].message_zh and "删除" in batch.problems[0].message_zh
    # the other rows are still found by their codes
    assert batch.values[["element", "value"]].values.tolist() == [["edu_group_meetings", 6.0]]


def test_an_inserted_row_is_named_at_its_cell(tmp_path: Path, unit_template: Path, scheme: Scheme) -> None:
    def change(book: Book) -> None:
        book[AREA].insert_rows(7)
        book[AREA]["G7"] = 3

    batch = read_workbook(corrupt(unit_template, tmp_path, change), scheme)
    assert errors(batch) == [("inserted-row", f"{AREA}!A7")]


def test_a_changed_element_code_is_named_at_its_cell(
    tmp_path: Path, unit_template: Path, scheme: Scheme
) -> None:
    def change(book: Book) -> None:
        fill_a1(book)
        book[AREA]["A6"] = "edu_group_meeting"

    batch = read_workbook(corrupt(unit_template, tmp_path, change), scheme)
    assert errors(batch) == [("changed-code", f"{AREA}!A6")]
    assert "请改回“edu_group_meetings”" in batch.problems[0].message_zh
    assert batch.values["element"].tolist() == ["leaders_report_edu"]


def test_a_changed_unit_code_is_named_at_its_cell(
    tmp_path: Path, unit_template: Path, scheme: Scheme
) -> None:
    def change(book: Book) -> None:
        fill_a1(book)
        book[AREA]["G3"] = "500112"

    batch = read_workbook(corrupt(unit_template, tmp_path, change), scheme)
    assert errors(batch) == [("changed-code", f"{AREA}!G3")]
    assert "500105" in batch.problems[0].message_zh
    assert batch.values.empty  # the column's unit is in doubt: nothing of it is taken


def test_an_extra_sheet_is_rejected(tmp_path: Path, unit_template: Path, scheme: Scheme) -> None:
    def change(book: Book) -> None:
        fill_a1(book)
        book.create_sheet("我的备注")["A1"] = "草稿"

    batch = read_workbook(corrupt(unit_template, tmp_path, change), scheme)
    assert errors(batch) == [("extra-sheet", "我的备注!A1")]
    assert "多出工作表“我的备注”" in batch.problems[0].message_zh
    assert len(batch.values) == 2


def test_a_renamed_sheet_is_an_extra_one_and_a_missing_one(
    tmp_path: Path, unit_template: Path, scheme: Scheme
) -> None:
    def change(book: Book) -> None:
        book[AREA].title = "组织领导"

    batch = read_workbook(corrupt(unit_template, tmp_path, change), scheme)
    assert errors(batch) == [("extra-sheet", "组织领导!A1"), ("missing-sheet", f"{AREA}!A1")]
    assert f"如果它是由“{AREA}”改名而来，请改回原名" in batch.problems[0].message_zh


def test_a_deleted_instructions_sheet_is_only_a_warning(
    tmp_path: Path, unit_template: Path, scheme: Scheme
) -> None:
    def change(book: Book) -> None:
        fill_a1(book)
        del book["说明"]

    batch = read_workbook(corrupt(unit_template, tmp_path, change), scheme)
    assert errors(batch) == [] and [p.code for p in batch.problems] == ["missing-sheet"]
    assert len(batch.values) == 2


def test_values_outside_the_range_and_bad_yes_no_are_rejected(
    tmp_path: Path, unit_template: Path, scheme: Scheme
) -> None:
    def change(book: Book) -> None:
        sheet = book[AREA]
        sheet["G6"] = -2
        sheet["G7"] = "也许"
        sheet["G8"] = 2
        late = book["A9 人民群众满意度"]
        late[f"G{rows_by_code(late)['satisfaction_public']}"] = "120"

    batch = read_workbook(corrupt(unit_template, tmp_path, change), scheme)
    row = rows_by_code(load_workbook(unit_template)["A9 人民群众满意度"])["satisfaction_public"]
    assert errors(batch) == [
        ("out-of-range", f"{AREA}!G6"),
        ("not-a-number", f"{AREA}!G7"),
        ("bad-choice", f"{AREA}!G8"),
        ("out-of-range", f"A9 人民群众满意度!G{row}"),
    ]
    assert batch.problems[3].message_zh == "社会公众满意度得分：120 超出允许范围 0 至 100 分"
    assert batch.values.empty


def test_a_date_in_a_number_cell_is_not_a_number(tmp_path: Path, unit_template: Path, scheme: Scheme) -> None:
    def change(book: Book) -> None:
        book[AREA]["G6"] = datetime.date(2021, 6, 1)

    batch = read_workbook(corrupt(unit_template, tmp_path, change), scheme)
    assert errors(batch) == [("date-not-number", f"{AREA}!G6")]
    assert "是日期" in batch.problems[0].message_zh


def test_a_changed_school_code_and_a_text_cell_in_a_school_workbook(
    tmp_path: Path, school_template: Path, scheme: Scheme
) -> None:
    def change(book: Book) -> None:
        sheet = book["学校数据"]
        sheet["A7"] = "5001059999"
        sheet["E6"] = "很多"
        sheet["E8"] = 12

    batch = read_workbook(corrupt(school_template, tmp_path, change), scheme)
    assert errors(batch) == [("changed-code", "学校数据!A7"), ("not-a-number", "学校数据!E6")]
    assert batch.values["cell"].tolist() == ["学校数据!E8"]


def test_a_value_typed_below_the_schools_is_an_inserted_row(
    tmp_path: Path, school_template: Path, scheme: Scheme
) -> None:
    def change(book: Book) -> None:
        sheet = book["学校数据"]
        sheet.cell(sheet.max_row + 1, 5, 30)

    path = corrupt(school_template, tmp_path, change)
    last = load_workbook(path)["学校数据"].max_row
    assert errors(read_workbook(path, scheme)) == [("inserted-row", f"学校数据!A{last}")]


def test_a_workbook_that_is_not_ours_says_what_would_be_accepted(tmp_path: Path, scheme: Scheme) -> None:
    path = tmp_path / "own.xlsx"
    book = Workbook()
    book.active["A1"] = "单位"
    book.save(path)
    batch = read_workbook(path, scheme)
    assert errors(batch) == [("not-our-workbook", "")]
    assert str(batch.problems[0].location) == str(path)
    assert "dudao template" in batch.problems[0].message_zh and "CSV/JSON" in batch.problems[0].message_zh


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"unit,element,period,value\n500105,pupils,2021,3\n", "不是 .xlsx 格式"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "另存为"),
        (b"PK\x03\x04 not really a zip", "已损坏"),
        (b"", "不是 .xlsx 格式"),
    ],
)
def test_a_file_that_is_not_xlsx_is_one_problem(
    tmp_path: Path, scheme: Scheme, content: bytes, words: str
) -> None:
    path = tmp_path / "upload.xlsx"
    path.write_bytes(content)
    batch = read_workbook(path, scheme, source="upload.xlsx")
    assert errors(batch) == [("not-xlsx", "")]
    assert words in batch.problems[0].message_zh and str(batch.problems[0].location) == "upload.xlsx"
    assert batch.values.empty


def test_a_zip_that_is_not_a_workbook_is_not_xlsx(tmp_path: Path, scheme: Scheme) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert errors(read_workbook(path, scheme)) == [("not-xlsx", "")]


def test_a_template_of_another_scheme_is_refused(tmp_path: Path, unit_template: Path) -> None:
    other, _ = load_scheme(bundled_scheme_path("cq-balanced-2022"))
    assert other is not None
    batch = read_workbook(unit_template, other)
    assert errors(batch) == [("wrong-scheme", "_dudao!A1")]
    assert "cq-district-2022" in batch.problems[0].message_zh


def test_a_template_of_another_period_is_refused_when_a_period_is_asked(
    unit_template: Path, scheme: Scheme
) -> None:
    assert errors(read_workbook(unit_template, scheme, period=2020)) == [("wrong-period", "_dudao!A1")]
    assert read_workbook(unit_template, scheme, period=2021).problems == ()


def test_a_damaged_layout_sheet_makes_the_workbook_not_ours(
    tmp_path: Path, unit_template: Path, scheme: Scheme
) -> None:
    def change(book: Book) -> None:
        book["_dudao"]["A1"] = "something"

    assert errors(read_workbook(corrupt(unit_template, tmp_path, change), scheme)) == [
        ("not-our-workbook", "")
    ]


def test_a_file_that_cannot_be_read_is_a_problem_not_an_exception(tmp_path: Path, scheme: Scheme) -> None:
    batch = read_workbook(tmp_path / "nowhere.xlsx", scheme)
    assert errors(batch) == [("unreadable-file", "")]
