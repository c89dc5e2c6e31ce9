"""``dudao quality`` on data files: the table, JSON and the workbook, city-wide and for one unit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from dudao.cli.app import app
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.samples.anomalies import PlantedDataset, plant_anomalies
from dudao.scheme import read_scheme

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[PlantedDataset, Path]:
    """The bundled round with anomalies planted, written as a data folder."""
    planted = plant_anomalies(read_scheme(bundled_scheme_path()), bundled_dataset(), per_kind=2)
    folder = tmp_path_factory.mktemp("planted")
    units = [u._asdict() for u in planted.dataset.units]
    pd.DataFrame(units).to_csv(folder / "units.csv", index=False)
    values = planted.dataset.values[["unit", "element", "period", "value"]]
    values.to_csv(folder / "values.csv", index=False)
    return planted, folder


def test_the_table_names_each_signal_and_says_they_are_leads(planted: tuple[PlantedDataset, Path]) -> None:
    labels, folder = planted
    code, output = run("quality", "--data", str(folder))
    assert code == 0, output
    assert "线索，不是结论" in output and "完整率" in output
    jump = next(a for a in labels.anomalies if a.kind == "jump")
    assert labels.dataset.unit_by_code[jump.unit].name in output


def test_json_has_every_finding_and_a_unit_only_its_own(
    planted: tuple[PlantedDataset, Path], tmp_path: Path
) -> None:
    labels, folder = planted
    code, _ = run("quality", "--data", str(folder), "--out", str(tmp_path / "q.json"))
    assert code == 0
    report = json.loads((tmp_path / "q.json").read_text(encoding="utf-8"))
    flagged = {u for s in report["signals"] for u in s["units"]}
    assert flagged == set(labels.units())
    assert report["counts"]["signals"] == len(report["signals"]) and report["period"] == 2021
    district = sorted(labels.units("percentage"))[0][:6]
    code, output = run("quality", "--data", str(folder), "--unit", district, "--format", "json")
    mine = json.loads(output)
    assert mine["unit"] == district and all(u["unit"].startswith(district) for u in mine["units"])


def test_the_workbook(planted: tuple[PlantedDataset, Path], tmp_path: Path) -> None:
    _, folder = planted
    code, output = run(
        "quality", "--data", str(folder), "--unit", "500105", "--out", str(tmp_path / "q.xlsx")
    )
    assert code == 0, output
    assert load_workbook(tmp_path / "q.xlsx").sheetnames[0] == "概况"


def test_bad_requests_say_what_is_wrong() -> None:
    assert run("quality", "--unit", "999")[0] == 1
    assert run("quality", "--format", "xlsx")[0] == 2  # no --out
    assert run("quality", "--format", "pdf")[0] == 2


def test_a_round_of_the_web_database(tmp_path: Path) -> None:
    """``--round`` reads the round's stored values: the demo round, loaded into a data folder."""
    dudao = str(Path(sys.executable).parent / "dudao")
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DUDAO_DATA_DIR")}

    def call(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([dudao, *args], capture_output=True, text=True, env=environment, timeout=600)

    assert call("demo", "--no-serve", "--data-dir", str(tmp_path)).returncode == 0
    done = call(
        "quality", "--round", "1", "--unit", "500105", "--format", "json", "--data-dir", str(tmp_path)
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["unit"] == "500105" and report["period"] == 2021 and report["signals"] == []
    assert call("quality", "--round", "99", "--data-dir", str(tmp_path)).returncode == 1


def test_a_units_report_adds_its_claims_the_data_disagrees_with(tmp_path: Path) -> None:
    from dudao.samples import bundled_report_path

    altered = tmp_path / "江北区.txt"
    text = bundled_report_path().read_text(encoding="utf-8").replace("达99.7%", "达89.7%")
    altered.write_text(text, encoding="utf-8")
    code, output = run("quality", "--unit", "500105", "--report", str(altered))
    assert code == 0, output
    assert "报告称“达89.7%”（课后服务学生参与率），数据为 99.7%" in output
    code, output = run("quality", "--report", str(altered))
    assert code == 2 and "--report 需要同时指定 --unit" in output
