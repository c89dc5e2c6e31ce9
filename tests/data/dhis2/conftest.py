"""Shared fixtures: the bundled DHIS2 mapping (read once), the test mapping, and the fixture files."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from dudao.data.dhis2 import Dhis2Mapping, load_mapping
from dudao.samples import bundled_dhis2_mapping_path

FIXTURES = Path(__file__).parent / "fixtures"


@cache
def bundled_mapping() -> Dhis2Mapping:
    """The bundled mapping, read once (hypothesis tests call this: a fixture would be in their repr)."""
    mapping, problems = load_mapping(bundled_dhis2_mapping_path())
    assert problems == [] and mapping is not None
    return mapping


@pytest.fixture(scope="session")
def bundled() -> Dhis2Mapping:
    return bundled_mapping()


@pytest.fixture(scope="session")
def financial() -> Dhis2Mapping:
    mapping, problems = load_mapping(FIXTURES / "financial_mapping.yaml")
    assert problems == [] and mapping is not None
    return mapping
