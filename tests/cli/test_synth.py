"""``dudao synth`` and ``dudao snapshot`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from dudao.cli.app import app
from dudao.data import read_dataset
from dudao.samples import bundled_dataset
from dudao.samples.generate import generate_chongqing, write_dataset
from dudao.samples.synth import SCALES, synthesize

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_synth_city_writes_a_tree_of_schools_that_evaluates(tmp_path: Path) -> None:
    out = tmp_path / "city"
    code, output = run("synth", "--scale", "city", "--seed", "7", "--out", str(out))
    assert code == 0, output
    assert "38 个县（区）" in output and "1500 所学校" in output
    units = pd.read_parquet(out / "units.parquet")
    assert units["level"].value_counts().to_dict() == {
        "school": 1500,
        "district": 38,
        "city": 1,
        "province": 1,
        "nation": 1,
    }
    schools = units[units["level"] == "school"]
    assert schools["school_type"].nunique() == 9  # every school type of DOMAIN.md
    dataset = read_dataset(out)
    assert dataset.periods == (2020, 2021)
    wide = dataset.wide(2021, "school")
    missing = wide.isna().to_numpy().mean()
    assert 0 < missing < 0.6  # stage elements are empty for other stages; a few values are missing
    assert (wide == 0).to_numpy().any()  # zeros, e.g. schools without oversized classes
    for scheme in ("cq-district-2022", "cq-balanced-2022"):
        target = tmp_path / f"{scheme}.json"
        code, output = run(
            "evaluate", "--data", str(out), "--scheme", scheme, "--format", "json", "--out", str(target)
        )
        assert code == 0, output
        units = json.loads(target.read_text(encoding="utf-8"))["units"]
        assert len(units) == 38 and len({u["total"] for u in units}) > 10


def test_synth_is_the_same_for_the_same_seed_and_any_number_of_workers(tmp_path: Path) -> None:
    scale = SCALES["nation"]
    one = synthesize(scale, tmp_path / "a", seed=3, schools=1200, workers=1)
    two = synthesize(scale, tmp_path / "b", seed=3, schools=1200, workers=2)
    assert one.provinces == two.provinces > 1 and one.schools == two.schools == 1200
    left, right = read_dataset(one.folder), read_dataset(two.folder)
    assert left.units == right.units
    pd.testing.assert_frame_equal(left.wide(2021, "school"), right.wide(2021, "school"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--scale", "planet"], "unknown scale 'planet'"),
        (["--scale", "city", "--schools", "3"], "too few"),
    ],
)
def test_synth_refuses_what_it_cannot_do(tmp_path: Path, args: list[str], message: str) -> None:
    code, output = run("synth", *args, "--out", str(tmp_path / "x"))
    assert code == 2 and message in output


def test_synth_never_writes_into_a_folder_with_files(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    code, output = run("synth", "--out", str(tmp_path))
    assert code == 2 and "not empty" in output
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_snapshot_turns_csv_values_into_the_same_scores(tmp_path: Path) -> None:
    write_dataset(generate_chongqing(), tmp_path / "csv")
    code, output = run("snapshot", str(tmp_path / "csv"), "--out", str(tmp_path / "snap"))
    assert code == 0, output
    assert "分区文件" in output
    results = []
    for source in ("csv", "snap"):
        target = tmp_path / f"{source}.json"
        code, output = run(
            "evaluate", "--data", str(tmp_path / source), "--format", "json", "--out", str(target)
        )
        assert code == 0, output
        assert "not in this scheme and were ignored" in output  # warned alike from both sources
        results.append(json.loads(target.read_text(encoding="utf-8"))["units"])
    assert results[0] == results[1] and len(results[0]) == 38
    assert read_dataset(tmp_path / "snap").units == bundled_dataset().units


def test_snapshot_refuses_a_snapshot_and_a_full_output_folder(tmp_path: Path) -> None:
    write_dataset(generate_chongqing(), tmp_path / "csv")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x", encoding="utf-8")
    code, output = run("snapshot", str(tmp_path / "csv"), "--out", str(tmp_path / "full"))
    assert code == 2 and "不为空" in output
    run("snapshot", str(tmp_path / "csv"), "--out", str(tmp_path / "snap"))
    code, output = run("snapshot", str(tmp_path / "snap"), "--out", str(tmp_path / "again"))
    assert code == 2 and "already a snapshot" in output


def test_an_output_path_that_is_a_file_is_refused_by_both_commands(tmp_path: Path) -> None:
    target = tmp_path / "taken.txt"
    target.write_text("mine", encoding="utf-8")
    code, output = run("synth", "--out", str(target))
    assert code == 2 and "is a file" in output
    write_dataset(generate_chongqing(), tmp_path / "csv")
    code, output = run("snapshot", str(tmp_path / "csv"), "--out", str(target))
    assert code == 2 and "is a file" in output
    assert target.read_text(encoding="utf-8") == "mine"
