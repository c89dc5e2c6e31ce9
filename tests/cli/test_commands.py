"""The commands on the bundled round, as a user runs them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from dudao.cli.app import app
from dudao.samples import bundled_scheme_path

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_demo_prints_the_ranking_of_38_districts() -> None:
    code, output = run("demo", "--no-web")
    assert code == 0
    rows = [
        line for line in output.splitlines() if line.startswith("│") and (" 5001" in line or " 5002" in line)
    ]
    assert len(rows) == 38
    assert "江北区" in output and "示例数据" in output and "等次分布" in output
    assert "一票否决" in output or "降低一个等次" in output or "不得评为优秀" in output


@pytest.mark.parametrize("code", ["cq-district-2022", "cq-balanced-2022"])
def test_bundled_schemes_pass_check(code: str) -> None:
    exit_code, output = run("check", str(bundled_scheme_path(code)))
    assert exit_code == 0, output
    assert "检查通过" in output


def test_evaluate_json_has_the_documented_shape(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    code, _ = run("evaluate", "--format", "json", "--out", str(out), "--backend", "python")
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["data"]["label"] == "示例数据"
    assert len(data["units"]) == 38
    unit = data["units"][0]
    assert {"code", "name", "total", "bonus", "grade", "rank", "rules", "items"} <= set(unit)
    item = unit["items"][0]
    assert {"code", "name", "value", "standard", "points", "max_points", "status", "explanation"} <= set(item)
    assert {"formula", "inputs", "rule", "text"} <= set(item["explanation"])


def test_evaluate_one_unit_as_json_on_stdout() -> None:
    result = runner.invoke(app, ["evaluate", "--unit", "500105", "--format", "json"])
    assert result.exit_code == 0
    [jiangbei] = json.loads(result.stdout)["units"]
    by_code = {i["code"]: i for i in jiangbei["items"]}
    assert round(by_code["A6.1.1"]["value"], 1) == 124.6


def test_evaluate_csv_and_xlsx(tmp_path: Path) -> None:
    assert run("evaluate", "--format", "csv", "--out", str(tmp_path / "r.csv"))[0] == 0
    with (tmp_path / "r.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len({r["unit_code"] for r in rows}) == 38
    assert {r["status"] for r in rows} <= {"达标", "未达标", "数据缺失", "待评审"}
    assert run("evaluate", "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"))[0] == 0
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["排名", "明细"]
    assert book["排名"].max_row == 2 + 38
    assert "示例数据" in str(book["排名"]["A1"].value)


def test_evaluate_unit_table_and_period() -> None:
    code, output = run("evaluate", "--unit", "500105", "--period", "2021")
    assert code == 0 and "A6.1.1" in output and "124.6" in output


def test_explain_shows_inputs_formula_and_rule() -> None:
    code, output = run("explain", "--unit", "500105", "--item", "A2.2.1")
    assert code == 0
    assert "growth(edu_budget)" in output
    assert "156700" in output and "138980" in output and "12.75" in output
    assert "2020" in output and "2021" in output


def test_explain_lists_the_schools_behind_a_cv_and_all_their_values() -> None:
    code, output = run("explain", "--unit", "500105", "--item", "A6.2.2")
    assert code == 0
    assert "学校汇总" in output and "计入 36 所学校" in output and "最低" in output and "--schools" in output
    code, output = run("explain", "--unit", "500105", "--item", "A6.2.2", "--schools")
    assert code == 0
    assert "5001050151" in output and "江北区桃源小学" in output and "权重" in output


def test_explain_shows_a_step_rules_deduction() -> None:
    code, output = run("explain", "--unit", "500105", "--item", "A6.2.1")
    assert code == 0
    assert "扣分 / deduction：实际 100，不低于标准 95，不扣分" in output
