"""Compute snapshots: wide Parquet written and read back, rows rebuilt one unit at a time."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dudao.data import load_dataset, read_dataset
from dudao.data.snapshot import load_snapshot, write_snapshot
from dudao.engine import evaluate
from dudao.engine.dataset import Dataset
from dudao.errors import DataError
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.samples.synth import Scale, synthesize
from dudao.scheme import read_scheme
from tests.engine.equivalence import everything_scheme, generated


def fresh() -> Dataset:
    return copy.deepcopy(bundled_dataset())


def test_a_snapshot_reads_back_the_same_frames_and_scores(tmp_path: Path) -> None:
    dataset = bundled_dataset()
    write_snapshot(dataset, tmp_path)
    again = read_dataset(tmp_path)  # a folder with units.parquet is read as a snapshot
    assert again.values.empty  # nothing long: evaluation reads the wide frames as they are
    assert again.snapshot_keys() == dataset.snapshot_keys()
    for key in dataset.snapshot_keys():
        left, right = dataset.wide(*key), again.wide(*key)
        pd.testing.assert_frame_equal(left.sort_index(axis=1), right.sort_index(axis=1), check_names=False)
    assert [u.code for u in again.units] == [u.code for u in dataset.units]
    assert again.reviews == dataset.reviews and again.bonus == dataset.bonus
    assert again.title == dataset.title and again.label == "示例数据"
    for code in ("cq-district-2022", "cq-balanced-2022"):
        scheme = read_scheme(bundled_scheme_path(code))
        left = evaluate(scheme, dataset, backend="python").to_dict()
        right = evaluate(scheme, again, backend="python").to_dict()
        assert left["units"] == right["units"]


@pytest.mark.parametrize("seed", [3, 11])
def test_generated_data_with_gaps_scores_the_same_from_a_snapshot(tmp_path: Path, seed: int) -> None:
    dataset = generated(seed)  # zeros, missing values, ties, missing previous periods
    write_snapshot(dataset, tmp_path)
    scheme = everything_scheme()
    left = evaluate(scheme, dataset, backend="python").to_dict()
    right = evaluate(scheme, read_dataset(tmp_path), backend="python").to_dict()
    assert left["units"] == right["units"]


def test_changing_a_value_rebuilds_that_row_only() -> None:
    dataset = fresh()
    before = dataset.wide(2021, "school").copy()
    school = "5001050001"
    touched = dataset.set_values([(school, "teachers", 2021, 12345.0), (school, "new_element", 2021, 7.0)])
    after = dataset.wide(2021, "school")
    assert touched == {(school, 2021)}
    assert after.loc[school, "teachers"] == 12345.0 and after.loc[school, "new_element"] == 7.0
    others = after.drop(index=school).drop(columns="new_element")
    pd.testing.assert_frame_equal(others, before.drop(index=school))
    assert after.drop(index=school)["new_element"].isna().all()
    long = dataset.values
    assert long[(long["unit"] == school) & (long["element"] == "teachers") & (long["period"] == 2021)][
        "value"
    ].tolist() == [12345.0]


def test_a_change_to_a_missing_value_and_to_an_unbuilt_period_are_kept() -> None:
    dataset = fresh()
    dataset.set_values([("500105", "edu_budget", 2021, None), ("500105", "edu_budget", 2019, 9.0)])
    assert np.isnan(dataset.wide(2021, "district").loc["500105", "edu_budget"])
    assert 2019 in dataset.periods
    assert dataset.wide(2019, "district").loc["500105", "edu_budget"] == 9.0


def test_an_unknown_unit_changes_nothing() -> None:
    dataset = fresh()
    before = dataset.values.copy()
    with pytest.raises(DataError) as caught:
        dataset.set_values([("500105", "edu_budget", 2021, 1.0), ("999999", "edu_budget", 2021, 1.0)])
    assert "999999" in str(caught.value)
    pd.testing.assert_frame_equal(dataset.values, before)


def test_a_snapshot_read_from_parquet_takes_changes_cell_by_cell(tmp_path: Path) -> None:
    write_snapshot(bundled_dataset(), tmp_path)
    dataset = read_dataset(tmp_path)
    dataset.set_values([("500105", "edu_budget", 2021, 1.0)])
    assert dataset.wide(2021, "district").loc["500105", "edu_budget"] == 1.0
    assert dataset.values.empty


def test_writing_the_rows_of_one_unit_rewrites_only_its_province(tmp_path: Path) -> None:
    synthesize(Scale(provinces=3, counties=6, schools=240), tmp_path, seed=5, workers=1)
    dataset = read_dataset(tmp_path)
    provinces = [u.code for u in dataset.units if u.level == "province"]
    assert len(provinces) == 3
    school = next(
        u.code for u in dataset.units if u.level == "school" and u.code.startswith(provinces[1][:2])
    )
    files = sorted((tmp_path / "snapshot").rglob("*.parquet"))
    stamps = {f: f.stat().st_mtime_ns for f in files}
    for f in files:
        os.utime(f, ns=(0, 0))
    dataset.set_values([(school, "teachers", 2021, 99.0)])
    written = write_snapshot(dataset, tmp_path, units=[school])
    assert written and all(f"province={provinces[1]}" in p.name for p in written)
    untouched = [f for f in files if f not in written]
    assert untouched and all(f.stat().st_mtime_ns == 0 for f in untouched)
    assert stamps  # every file existed before
    assert read_dataset(tmp_path).wide(2021, "school").loc[school, "teachers"] == 99.0


def problems_of(folder: Path) -> list[str]:
    dataset, problems = load_snapshot(folder)
    assert dataset is None
    return [f"{p.code} {p.location} {p.message_en}" for p in problems]


def test_a_damaged_snapshot_is_refused_with_located_problems(tmp_path: Path) -> None:
    write_snapshot(bundled_dataset(), tmp_path)
    school_file = tmp_path / "snapshot" / "period=2021" / "level=school" / "province=500000.parquet"
    frame = pq.read_table(school_file).to_pandas()
    frame.loc[3, "unit"] = "not-a-unit"
    pq.write_table(pa.Table.from_pandas(frame), school_file)
    district_file = tmp_path / "snapshot" / "period=2021" / "level=district" / "province=500000.parquet"
    district_file.write_text("this is not parquet", encoding="utf-8")
    (tmp_path / "snapshot" / "period=2021" / "oops.txt").write_text("x", encoding="utf-8")
    found = problems_of(tmp_path)
    assert any(p.startswith("unknown-unit") and ":4:1" in p and "not-a-unit" in p for p in found), found
    assert any(p.startswith("not-parquet") and "level=district" in p for p in found), found
    assert any(p.startswith("bad-snapshot-layout") and "oops.txt" in p for p in found), found


def test_a_text_column_in_a_snapshot_is_named(tmp_path: Path) -> None:
    write_snapshot(bundled_dataset(), tmp_path)
    path = tmp_path / "snapshot" / "period=2020" / "level=district" / "province=500000.parquet"
    frame = pq.read_table(path).to_pandas()
    frame["edu_budget"] = "many"
    pq.write_table(pa.Table.from_pandas(frame), path)
    found = problems_of(tmp_path)
    assert any(p.startswith("not-a-number") and "edu_budget" in p for p in found), found


def test_a_snapshot_without_units_is_reported_as_missing_units(tmp_path: Path) -> None:
    write_snapshot(bundled_dataset(), tmp_path)
    (tmp_path / "units.parquet").unlink()
    dataset, problems = load_dataset(tmp_path)
    assert dataset is None
    assert any("units.csv" in p.message_en for p in problems)


def test_a_yes_no_column_with_other_numbers_is_refused_when_scored(tmp_path: Path) -> None:
    write_snapshot(bundled_dataset(), tmp_path)
    path = tmp_path / "snapshot" / "period=2021" / "level=school" / "province=500000.parquet"
    frame = pq.read_table(path).to_pandas()
    frame.loc[5, "is_private"] = 2.0
    pq.write_table(pa.Table.from_pandas(frame), path)
    with pytest.raises(DataError) as caught:
        evaluate(read_scheme(bundled_scheme_path()), read_dataset(tmp_path))
    assert [p.code for p in caught.value.problems if p.severity.value == "error"] == ["not-a-boolean"]
    assert "is_private" in str(caught.value)


def test_claims_of_unknown_units_and_a_broken_manifest_are_located(tmp_path: Path) -> None:
    write_snapshot(bundled_dataset(), tmp_path)
    reviews = pq.read_table(tmp_path / "reviews.parquet").to_pandas()
    reviews.loc[1, "unit"] = "ghost"
    pq.write_table(pa.Table.from_pandas(reviews), tmp_path / "reviews.parquet")
    (tmp_path / "dataset.yaml").write_text("title: [unclosed", encoding="utf-8")
    found = problems_of(tmp_path)
    assert any(p.startswith("unknown-unit") and "reviews.parquet:2:1" in p and "ghost" in p for p in found)
    assert any(p.startswith("yaml-syntax") and "dataset.yaml" in p for p in found), found


def test_a_unit_listed_twice_in_a_snapshot_is_refused(tmp_path: Path) -> None:
    write_snapshot(bundled_dataset(), tmp_path)
    units = pq.read_table(tmp_path / "units.parquet").to_pandas()
    pq.write_table(
        pa.Table.from_pandas(pd.concat([units, units.iloc[[4]]], ignore_index=True)),
        tmp_path / "units.parquet",
    )
    found = problems_of(tmp_path)
    assert any(p.startswith("duplicate-row") and f":{len(units) + 1}:1" in p for p in found), found
