"""Golden files for the textual outputs that people and other programs read.

Each output is produced the way a user produces it (the command line, writing a file) and
compared byte for byte with its file in ``tests/golden/outputs/``. After an intended change,
rewrite them and review the diff:

    DUDAO_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_golden_outputs.py

Nothing is normalised: what would vary is fixed instead. The document's date is given
(``--date``), files are named relative to the working folder (no temporary paths), and the
results come from the reference backend (the SQL backends agree with it to 1e-9, not to the
last digit of every double).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from dudao.cli.app import app
from dudao.data.workbook import write_template
from dudao.data.workbook.layout import INSTRUCTIONS_SHEET, META_SHEET
from dudao.expr.ir import Type
from dudao.samples import bundled_dataset, bundled_report_path, bundled_scheme_path
from dudao.scheme import read_scheme
from tests.data.workbook.filling import rows_by_code
from tests.helpers import assert_golden

JIANGBEI = "500105"
INPUT = "G"  # a one-unit template: this year's value


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_bundled_round_as_json(in_tmp: Path) -> None:
    invoke("evaluate", "--format", "json", "--backend", "python", "--out", "round.json")
    assert_golden("outputs/bundled_round.json", (in_tmp / "round.json").read_text(encoding="utf-8"))


def test_a_feedback_letter_as_html(in_tmp: Path) -> None:
    invoke("report", "feedback", "--unit", JIANGBEI, "--format", "html", "--date", "2022-12-13", "--out", "letter.html")
    assert_golden("outputs/feedback_500105.html", (in_tmp / "letter.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("format", ["json", "html"])
def test_the_seed_read_against_jiangbei(in_tmp: Path, format: str) -> None:
    shutil.copy(bundled_report_path(), in_tmp / bundled_report_path().name)
    invoke("read", bundled_report_path().name, "--unit", JIANGBEI, "--out", f"reading.{format}")
    assert_golden(f"outputs/seed_reading.{format}", (in_tmp / f"reading.{format}").read_text(encoding="utf-8"))


def test_the_problems_of_a_bad_workbook(in_tmp: Path) -> None:
    """A district's template with a word, a formula, a negative amount, misplaced thousands
    separators and a bad yes/no typed in. Today three are reported: the formula (saved without
    a cached value, as openpyxl saves it) reads as a blank cell and ``12,34,5`` as 12345; the
    golden file will show it when one cell reader refuses them."""
    scheme = read_scheme(bundled_scheme_path())
    write_template(scheme, bundled_dataset(), 2021, in_tmp / "江北区.xlsx", unit=JIANGBEI)
    book = load_workbook(in_tmp / "江北区.xlsx")
    numbers: list[tuple[str, int, str]] = []
    yes_no: list[tuple[str, int, str]] = []
    for sheet in book.worksheets:
        if sheet.title in (INSTRUCTIONS_SHEET, META_SHEET):
            continue
        for code, row in sorted(rows_by_code(sheet).items()):
            element = scheme.element_by_code[code]
            (yes_no if element.type is Type.BOOL else numbers).append((sheet.title, row, code))
    typed = ["很多", "=A1*2", "-5", "12,34,5"]
    for (title, row, _), text in zip(numbers, typed, strict=False):
        book[title][f"{INPUT}{row}"] = text
    title, row, _ = yes_no[0]
    book[title][f"{INPUT}{row}"] = "可能"
    book.save(in_tmp / "江北区.xlsx")
    result = CliRunner().invoke(app, ["import", "江北区.xlsx"], env={"COLUMNS": "200"})
    assert result.exit_code == 1, result.output
    assert_golden("outputs/bad_workbook_problems.txt", result.stderr)
