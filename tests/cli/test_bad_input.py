"""Bad input from the command line: a specific, located message, a non-zero exit, no output."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dudao.cli.app import app
from tests.helpers import scheme_text

runner = CliRunner()

UNITS = """code,name,parent,level,school_type
500000,重庆市,,city,
500105,江北区,500000,district,
500106,沙坪坝区,500000,district,
"""
VALUES = "unit,element,period,value\n500105,a,2021,3\n500106,a,2021,0\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "s.yaml").write_text(scheme_text(), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "units.csv").write_text(UNITS, encoding="utf-8")
    (data / "values.csv").write_text(VALUES, encoding="utf-8")
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_a_good_scheme_and_dataset(folder: Path) -> None:
    code, output = run("check", str(folder / "s.yaml"))
    assert code == 0 and "检查通过" in output
    out = folder / "r.json"
    code, _ = run(
        "evaluate", "-s", str(folder / "s.yaml"), "-d", str(folder / "data"), "-f", "json", "-o", str(out)
    )
    assert code == 0 and out.exists()


def test_malformed_yaml(folder: Path) -> None:
    (folder / "s.yaml").write_text("scheme: {code: x\nitems: [", encoding="utf-8")
    code, output = run("check", str(folder / "s.yaml"))
    assert code == 1
    assert f"{folder / 's.yaml'}:2:6: error[yaml-syntax]" in output


def test_bad_formula_points_at_line_and_column(folder: Path) -> None:
    (folder / "s.yaml").write_text(
        scheme_text(indicators='  - {code: r, name: 比率, formula: "a * (b + "}'), encoding="utf-8"
    )
    code, output = run("check", str(folder / "s.yaml"))
    assert code == 1
    assert ":11:" in output and "error[formula-syntax]" in output and "^" in output


def test_unknown_element_code_in_a_formula(folder: Path) -> None:
    (folder / "s.yaml").write_text(
        scheme_text(indicators='  - {code: r, name: 比率, formula: "a / kg_enroled"}'), encoding="utf-8"
    )
    code, output = run("evaluate", "-s", str(folder / "s.yaml"), "-d", str(folder / "data"))
    assert code == 1
    assert "error[unknown-name]" in output and "kg_enroled" in output


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ("unit,element,period,value\n500105,a,2021,三\n", "values.csv:2:4 (value): error[not-a-number]"),
        (
            "unit,element,period,value\n500105,a,2021,1\n500105,a,2021,2\n",
            "values.csv:3:1 (unit): error[duplicate-row]",
        ),
        ("unit,element,period,value\n500199,a,2021,1\n", "values.csv:2:1 (unit): error[unknown-unit]"),
    ],
)
def test_bad_data_files_write_nothing(folder: Path, values: str, expected: str) -> None:
    (folder / "data" / "values.csv").write_text(values, encoding="utf-8")
    out = folder / "results.xlsx"
    code, output = run(
        "evaluate", "-s", str(folder / "s.yaml"), "-d", str(folder / "data"), "-f", "xlsx", "-o", str(out)
    )
    assert code == 1
    assert expected in output
    assert "nothing was evaluated" in output
    assert not out.exists()
    assert [p.name for p in folder.iterdir() if p.name.startswith(".results")] == []


def test_bool_element_with_a_number(folder: Path) -> None:
    (folder / "data" / "values.csv").write_text(
        "unit,element,period,value\n500105,flag,2021,2\n", encoding="utf-8"
    )
    code, output = run("evaluate", "-s", str(folder / "s.yaml"), "-d", str(folder / "data"))
    assert code == 1 and "error[not-a-boolean]" in output


def test_wrong_options(folder: Path) -> None:
    assert run("evaluate", "-s", str(folder / "s.yaml"), "-d", str(folder / "data"), "-b", "oracle")[0] == 2
    assert run("evaluate", "-s", str(folder / "s.yaml"), "-d", str(folder / "data"), "-f", "pdf")[0] == 2
    assert run("evaluate", "-s", str(folder / "s.yaml"), "-d", str(folder / "data"), "-f", "csv")[0] == 2
    code, output = run("evaluate", "-s", str(folder / "s.yaml"), "-d", str(folder / "data"), "-u", "999")
    assert code == 1 and "999" in output
    code, output = run(
        "explain", "-s", str(folder / "s.yaml"), "-d", str(folder / "data"), "-u", "500105", "-i", "Z9"
    )
    assert code == 1 and "Z9" in output
    code, output = run("check", str(folder / "missing.yaml"))
    assert code == 1 and "error[file-missing]" in output


def test_a_period_without_data(folder: Path) -> None:
    code, output = run(
        "evaluate", "-s", str(folder / "s.yaml"), "-d", str(folder / "data"), "--period", "2019"
    )
    assert code == 1
    assert "error[no-data-for-period]" in output and "2021" in output


def test_folders_where_files_belong(folder: Path) -> None:
    code, output = run("check", str(folder))
    assert code == 1 and "error[file-missing]" in output and "folder" in output
    (folder / "data" / "values.csv").unlink()
    (folder / "data" / "values.csv").mkdir()
    code, output = run("evaluate", "-s", str(folder / "s.yaml"), "-d", str(folder / "data"))
    assert code == 1 and "error[file-unreadable]" in output
