"""``dudao import`` and ``dudao export`` as a user runs them, on a round in a web database
(the demo loaded into a data folder) and on files alone."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

DUDAO = str(Path(sys.executable).parent / "dudao")
HEADER = "unit,element,period,value\n"
JB = "500105"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DUDAO_DATA_DIR")}
    environment["COLUMNS"] = "200"
    return subprocess.run([DUDAO, *args], capture_output=True, text=True, env=environment, timeout=300, cwd=cwd)


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    done = run("demo", "--no-serve", "--data-dir", str(folder))
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture
def site(demo_folder: Path, tmp_path: Path) -> Path:
    """A copy of the demo site for one test (imports change it)."""
    copy = tmp_path / "site"
    shutil.copytree(demo_folder, copy)
    return copy


def value(site: Path, unit: str, element: str, period: int = 2021) -> float | None:
    with sqlite3.connect(site / "dudao.sqlite3") as db:
        row = db.execute(
            "select value from entry_datavalue where unit_id=? and element=? and period=?", (unit, element, period)
        ).fetchone()
    return None if row is None else row[0]


def counts(site: Path) -> tuple[int, int]:
    with sqlite3.connect(site / "dudao.sqlite3") as db:
        values = db.execute("select count(*) from entry_historicaldatavalue").fetchone()[0]
        audit = db.execute("select count(*) from audit_auditentry").fetchone()[0]
    return values, audit


def write(tmp_path: Path, text: str, name: str = "values.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def test_a_csv_file_imports_into_the_round_and_twice_changes_nothing(site: Path, tmp_path: Path) -> None:
    path = write(tmp_path, f"{JB},pop_6_14,2021,86123\n{JB},pop_3_5,2021,25001\n")
    done = run("import", str(path), "--round", "1", "--data-dir", str(site))
    assert done.returncode == 0, done.stderr
    assert "读取 2 个值，新增 1、修改 1" in done.stdout  # pop_3_5 is one Jiangbei has left to fill
    assert value(site, JB, "pop_6_14") == 86123
    before = counts(site)
    again = run("import", str(path), "--round", "1", "--data-dir", str(site))
    assert again.returncode == 0 and "未变 2" in again.stdout
    assert counts(site) == before


def test_a_file_with_errors_changes_nothing_and_names_each_cell(site: Path, tmp_path: Path) -> None:
    path = write(tmp_path, f"{JB},pop_6_14,2021,1\n{JB},pop_3_5,2021,很多\n")
    before = counts(site), value(site, JB, "pop_6_14")
    done = run("import", str(path), "--round", "1", "--data-dir", str(site))
    assert done.returncode == 1
    assert f"{path}:3:4 (value): error[not-a-number]" in done.stderr and "未导入任何数据" in done.stderr
    assert (counts(site), value(site, JB, "pop_6_14")) == before
    partial = run("import", str(path), "--round", "1", "--partial", "--data-dir", str(site))
    assert partial.returncode == 1 and "未导入 1" in partial.stdout
    assert value(site, JB, "pop_6_14") == 1


def test_check_only_writes_nothing(site: Path, tmp_path: Path) -> None:
    path = write(tmp_path, f"{JB},pop_6_14,2021,70000\n")
    done = run("import", str(path), "--round", "1", "--check", "--data-dir", str(site))
    assert done.returncode == 0 and "将修改 1" in done.stdout and "仅检查" in done.stdout
    assert value(site, JB, "pop_6_14") != 70000


def test_an_unknown_round_lists_the_rounds(site: Path, tmp_path: Path) -> None:
    done = run("import", str(write(tmp_path, "")), "--round", "99", "--data-dir", str(site))
    assert done.returncode == 1 and "没有编号为 99 的评价轮次" in done.stderr and "1（重庆市" in done.stderr


def test_export_then_import_round_trips(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    done = run("export", "--round", "1", "--unit", JB, "--out", str(target), "--data-dir", str(site))
    assert done.returncode == 0, done.stderr
    rows = json.loads(target.read_text())["values"]
    assert {r["unit"] for r in rows} == {JB} and any(r["element"] == "edu_budget" for r in rows)
    again = run("import", str(target), "--round", "1", "--data-dir", str(site))
    assert again.returncode == 0 and f"未变 {len(rows)}" in again.stdout


def test_without_a_round_the_file_is_checked_against_the_bundled_data(tmp_path: Path) -> None:
    good = run("import", str(write(tmp_path, f"{JB},pop_6_14,2021,86000\n")))
    assert good.returncode == 0 and "1 个值可以导入" in good.stdout and "只做了检查" in good.stdout
    bad = run("import", str(write(tmp_path, f"{JB},kg_enrolled,2021,5\n", "b.csv")))
    assert bad.returncode == 1 and "不由单位 500105 这一级填报" in bad.stderr


def test_mistakes_get_messages_not_tracebacks(tmp_path: Path) -> None:
    missing = run("import", str(tmp_path / "nothing.csv"))
    assert missing.returncode == 2 and "找不到文件" in missing.stderr
    odd = tmp_path / "notes.txt"
    odd.write_text("x")
    unknown = run("import", str(odd))
    assert unknown.returncode == 2 and "无法从扩展名 .txt 判断文件格式" in unknown.stderr
    dhis2 = tmp_path / "d.json"
    dhis2.write_text('{"dataValues": []}')
    no_mapping = run("import", str(dhis2))
    assert no_mapping.returncode == 2 and "--mapping" in no_mapping.stderr
    export = run("export", "--out", str(tmp_path / "x.parquet"))
    assert export.returncode == 2 and "--format" in export.stderr
    for done in (missing, unknown, no_mapping, export):
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize("format", ["dhis2", "adx"])
def test_dhis2_export_and_import_round_trip(site: Path, tmp_path: Path, format: str) -> None:
    from dudao.samples import bundled_dhis2_mapping_path

    mapping = str(bundled_dhis2_mapping_path())
    target = tmp_path / ("out.json" if format == "dhis2" else "out.xml")
    done = run("export", "--round", "1", "--period", "2021", "--unit", JB, "--format", format,
               "--mapping", mapping, "--out", str(target), "--data-dir", str(site))
    assert done.returncode == 0, done.stderr
    written = int(done.stdout.split("：")[1].split(" ")[0])
    assert written > 0 and "没有对应的 DHIS2 代码" in done.stderr  # the mapping covers some elements only
    again = run("import", str(target), "--round", "1", "--mapping", mapping, "--data-dir", str(site))
    assert again.returncode == 0, again.stderr
    assert f"未变 {written}" in again.stdout


def test_an_export_accounts_for_every_value(tmp_path: Path) -> None:
    from dudao.samples import bundled_dataset, bundled_dhis2_mapping_path

    target = tmp_path / "out.xml"
    done = run("export", "--mapping", str(bundled_dhis2_mapping_path()), "--out", str(target))
    assert done.returncode == 0, done.stderr
    written = int(done.stdout.split("：")[1].split(" ")[0])
    assert written == target.read_text(encoding="utf-8").count("<dataValue ")  # what is said is in the file
    considered = len(bundled_dataset().values)
    left_out = considered - written
    assert f"共 {considered} 个值：写入 {written} 个，未导出 {left_out} 个" in done.stderr
    reasons = {}  # the lines "   54832 why / why (code)"
    for line in done.stderr.splitlines():
        if line.startswith("  ") and line.split()[0].isdigit():
            reasons[line.rsplit("(", 1)[1].rstrip(")")] = int(line.split()[0])
    assert sum(reasons.values()) == left_out and reasons["empty-value"] > 0  # empty values are counted too


def test_an_export_that_refuses_values_says_so_and_exits_1(site: Path, tmp_path: Path) -> None:
    from dudao.samples import bundled_dhis2_mapping_path

    mapping = tmp_path / "mapping.yaml"
    text = bundled_dhis2_mapping_path().read_text(encoding="utf-8")
    mapping.write_text(text.replace("code: EDU_POP_3_5}}", "code: EDU_POP_3_5}, value_type: INTEGER_NEGATIVE}"), encoding="utf-8")
    target = tmp_path / "out.json"
    done = run("export", "--round", "1", "--unit", JB, "--format", "dhis2",
               "--mapping", str(mapping), "--out", str(target), "--data-dir", str(site))
    assert done.returncode == 1
    assert "pop_3_5：INTEGER_NEGATIVE 只能是负整数" in done.stderr and "1 个值被拒绝" in done.stderr
    values = json.loads(target.read_text(encoding="utf-8"))["dataValues"]
    assert values and all(value["dataElement"] != "SxRId9o3ccT" for value in values)  # the rest is written
