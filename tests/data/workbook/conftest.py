"""Shared fixtures for the workbook tests: the bundled scheme and data, and written templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from dudao.data.workbook import write_template
from dudao.engine.dataset import Dataset
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.scheme import Scheme, load_scheme

PERIOD = 2021
UNIT = "500105"  # 江北区


@pytest.fixture(scope="session")
def scheme() -> Scheme:
    loaded, problems = load_scheme(bundled_scheme_path())
    assert loaded is not None, problems
    return loaded


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    return bundled_dataset()


@pytest.fixture(scope="session")
def unit_template(tmp_path_factory: pytest.TempPathFactory, scheme: Scheme, dataset: Dataset) -> Path:
    """A template for one district (江北区), never modified: copy it before filling."""
    path = tmp_path_factory.mktemp("templates") / "江北区.xlsx"
    write_template(scheme, dataset, PERIOD, path, unit=UNIT)
    return path


@pytest.fixture(scope="session")
def school_template(tmp_path_factory: pytest.TempPathFactory, scheme: Scheme, dataset: Dataset) -> Path:
    path = tmp_path_factory.mktemp("templates") / "江北区学校.xlsx"
    write_template(scheme, dataset, PERIOD, path, unit=UNIT, schools=True)
    return path
