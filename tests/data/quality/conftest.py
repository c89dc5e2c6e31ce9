"""Fixtures of the data-quality tests: the bundled round, and small units trees built by hand."""

from __future__ import annotations

import pytest

from dudao.engine.dataset import Dataset
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.samples.anomalies import PlantedDataset, plant_anomalies
from dudao.scheme import Scheme, read_scheme

Row = tuple[str, str, int, float | None]
UnitRow = tuple[str, str, str, str, str]


@pytest.fixture(scope="session")
def bundled() -> tuple[Scheme, Dataset]:
    return read_scheme(bundled_scheme_path()), bundled_dataset()


@pytest.fixture(scope="session")
def planted(bundled: tuple[Scheme, Dataset]) -> PlantedDataset:
    scheme, dataset = bundled
    return plant_anomalies(scheme, dataset)


def city(districts: int = 3, schools: int = 10, school_type: str = "primary") -> list[UnitRow]:
    """A city ``c`` with districts ``d0``… and their schools ``d0s0``…, all of one type."""
    units: list[UnitRow] = [("c", "市", "", "city", "")]
    for d in range(districts):
        units.append((f"d{d}", f"区{d}", "c", "district", ""))
        units += [(f"d{d}s{s}", f"区{d}校{s}", f"d{d}", "school", school_type) for s in range(schools)]
    return units
