"""The issue's "Done when": the signals flag every anomaly planted in the generated dataset, and no
clean generated unit."""

from __future__ import annotations

from collections import Counter

import pytest

from dudao.data.quality import FABRICATION_SIGNALS, QualityInput, find_signals
from dudao.engine.dataset import Dataset
from dudao.samples.anomalies import KINDS, PlantedDataset, plant_anomalies
from dudao.scheme import Scheme


def flagged(planted: PlantedDataset, scheme: Scheme) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for signal in find_signals(QualityInput(scheme, planted.dataset, planted.period), FABRICATION_SIGNALS):
        found[signal.kind].update(signal.units)
    return found


def test_the_clean_generated_data_raise_no_signal(bundled: tuple[Scheme, Dataset]) -> None:
    for period in (2021, 2020):
        assert find_signals(QualityInput(*bundled, period), FABRICATION_SIGNALS) == ()


def test_the_planter_labels_each_kind_in_units_of_its_own(planted: PlantedDataset) -> None:
    counts = Counter(a.kind for a in planted.anomalies)
    assert counts == {"identical": 25, "digits": 5, "jump": 5, "percentage": 5}  # 5 groups of 5 schools
    assert len(planted.units()) == len(planted.anomalies)  # no unit has two labels
    assert planted.dataset.label == "示例数据" and planted.period == 2021


def test_the_planter_leaves_the_original_and_every_other_value_alone(
    bundled: tuple[Scheme, Dataset], planted: PlantedDataset
) -> None:
    before, after = bundled[1].values, planted.dataset.values
    changed = before["value"].ne(after["value"]) & ~(before["value"].isna() & after["value"].isna())
    assert set(before.loc[changed, "unit"]) <= planted.units()
    assert set(before.loc[changed, "period"]) == {2021}
    assert changed.sum() >= len(planted.anomalies)
    assert planted.dataset.values is not bundled[1].values


def test_every_planted_anomaly_is_flagged_and_no_clean_unit(
    bundled: tuple[Scheme, Dataset], planted: PlantedDataset
) -> None:
    found = flagged(planted, bundled[0])
    for anomaly in planted.anomalies:
        assert anomaly.unit in found[anomaly.kind], anomaly
    everyone = set().union(*found.values())
    assert everyone - planted.units() == set()  # no clean unit flagged
    for kind in KINDS:  # and a unit planted with one kind is not flagged for another
        assert found[kind] == planted.units(kind)


@pytest.mark.parametrize("seed", [7, 8])
def test_other_plantings_too(bundled: tuple[Scheme, Dataset], seed: int) -> None:
    planted = plant_anomalies(*bundled, per_kind=3, seed=seed)
    found = flagged(planted, bundled[0])
    assert set().union(*found.values()) <= planted.units()
    assert all(planted.units(kind) <= found[kind] for kind in ("digits", "jump", "percentage"))
    assert len(planted.units("identical") & found["identical"]) >= 0.8 * len(planted.units("identical"))
