"""Re-scoring after a change equals scoring the changed data from scratch."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from dudao.data import read_dataset
from dudao.data.snapshot import snapshot_writer, write_snapshot
from dudao.engine import evaluate
from dudao.engine.backends.reference import evaluate_reference
from dudao.engine.dataset import Dataset
from dudao.engine.incremental import LiveRound
from dudao.engine.plan import build_plan
from dudao.engine.prepare import prepare
from dudao.errors import DataError
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.scheme import read_scheme
from tests.engine.equivalence import differences

DISTRICT = read_scheme(bundled_scheme_path("cq-district-2022"))
BALANCED = read_scheme(bundled_scheme_path("cq-balanced-2022"))


def scores(results) -> list[tuple[str, float, str, int]]:  # type: ignore[no-untyped-def]
    return [(u.code, u.total, u.grade, u.rank) for u in results.ranked()]


@pytest.mark.parametrize("scheme", [DISTRICT, BALANCED], ids=["district", "balanced"])
def test_a_change_rescored_equals_a_full_evaluation(scheme) -> None:  # type: ignore[no-untyped-def]
    dataset = copy.deepcopy(bundled_dataset())
    live = LiveRound(scheme, dataset, backend="python")
    first = live.results.ranked()[0].code
    its_schools = [u.code for u in dataset.units if u.parent == first and u.level == "school"]
    changes = [
        (first, "edu_budget", 2021, 1.0),  # district data of the leader
        *[(school, "teachers_above_qualification", 2021, 0.0) for school in its_schools],  # its schools
        ("5001010002", "teachers", 2020, None),  # last year's value, now missing
    ]
    before = live.results.unit(first).total
    after = live.set_values(changes)
    full = evaluate(scheme, dataset, backend="python")
    assert after.to_dict()["units"] == full.to_dict()["units"]
    assert after.unit(first).total < before


def test_a_round_scored_on_duckdb_stays_within_the_tolerance_after_changes() -> None:
    dataset = copy.deepcopy(bundled_dataset())
    live = LiveRound(BALANCED, dataset, backend="duckdb")
    live.set_values([("5001050001", "key_teachers", 2021, 0.0)])
    plan = build_plan(BALANCED)
    prepared, _ = prepare(plan, dataset, 2021)
    assert differences(plan, evaluate_reference(plan, prepared), live.rows) == []


def test_only_the_changed_unit_is_rescored() -> None:
    dataset = copy.deepcopy(bundled_dataset())
    live = LiveRound(DISTRICT, dataset, backend="python")
    rows = list(live.rows)
    live.set_values([("500105", "edu_budget", 2021, 1.0)])
    changed = [i for i, (a, b) in enumerate(zip(rows, live.rows, strict=True)) if a is not b]
    assert [live.rows[i]["unit"] for i in changed] == ["500105"]


def test_prepare_for_some_units_gives_their_rows_of_the_whole() -> None:
    plan = build_plan(BALANCED)
    whole, _ = prepare(plan, bundled_dataset(), 2021)
    part, _ = prepare(plan, bundled_dataset(), 2021, only=["500105", "500101"])
    assert sorted(part.units["unit"]) == ["500101", "500105"]
    assert set(part.schools["unit"]) == {"500101", "500105"}
    assert len(part.schools) == int(whole.schools["unit"].isin(["500101", "500105"]).sum())


def test_a_snapshot_folder_is_kept_in_step(tmp_path: Path) -> None:
    write_snapshot(bundled_dataset(), tmp_path)
    live = LiveRound(DISTRICT, read_dataset(tmp_path), on_change=snapshot_writer(tmp_path))
    live.set_values([("500105", "edu_budget", 2021, 1.0)])
    assert read_dataset(tmp_path).wide(2021, "district").loc["500105", "edu_budget"] == 1.0


def test_the_listener_learns_the_units_that_changed_before_they_are_rescored() -> None:
    heard: list[tuple[list[str], float]] = []
    live = LiveRound(DISTRICT, copy.deepcopy(bundled_dataset()), backend="python")
    before = live.results.unit("500105").total

    def listen(dataset: Dataset, units: list[str]) -> None:
        heard.append((units, float(dataset.wide(2021, "school").loc["5001050001", "teachers"])))
        assert live.results.unit("500105").total == before  # not yet re-scored

    live.on_change = listen
    live.set_values([("5001050001", "teachers", 2021, 7.0), ("500105", "edu_budget", 2021, 1.0)])
    assert heard == [(["500105", "5001050001"], 7.0)]


def test_a_change_to_an_unknown_unit_keeps_the_results() -> None:
    live = LiveRound(DISTRICT, copy.deepcopy(bundled_dataset()), backend="python")
    before = scores(live.results)
    with pytest.raises(DataError):
        live.set_values([("nowhere", "edu_budget", 2021, 1.0)])
    assert scores(live.results) == before


def test_a_yes_no_change_that_is_not_one_or_zero_is_refused_and_nothing_changes() -> None:
    dataset = copy.deepcopy(bundled_dataset())
    live = LiveRound(DISTRICT, dataset, backend="python")
    before = dataset.wide(2021, "school").loc["5001050001"].copy()
    with pytest.raises(DataError) as caught:
        live.set_values([("5001050001", "teachers", 2021, 5.0), ("5001050001", "is_private", 2021, 2.0)])
    assert "is_private" in str(caught.value)
    assert dataset.wide(2021, "school").loc["5001050001"].equals(before)


def test_a_period_without_values_is_refused_unless_it_may_be_empty() -> None:
    """A round that has just opened holds no values of its year: everything is missing, not an error."""
    from dudao.engine.results import MISSING

    bundled = bundled_dataset()
    empty = Dataset(units=bundled.units, values=bundled.values.iloc[0:0].copy(), source="new round")
    with pytest.raises(DataError, match="no-data-for-period"):
        evaluate(DISTRICT, empty, period=2022, backend="python")
    results = evaluate(DISTRICT, empty, period=2022, backend="duckdb", empty_period=True)
    assert len(results.units) == 38
    assert results.unit("500105").item("A2.2.1").status == MISSING
    live = LiveRound(DISTRICT, copy.deepcopy(empty), period=2022, backend="python", empty_period=True)
    after = live.set_values([("500105", "edu_group_meetings", 2022, 6.0)])
    assert after.unit("500105").total > results.unit("500105").total
